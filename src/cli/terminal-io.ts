import type { CommandIO } from './call-command';

/**
 * What the commands a person runs at a terminal (logs -f, exec, port-forward) need beyond text out: bytes out
 * unchanged, stdin, the terminal's raw mode and size, and Ctrl-C. src/cli.ts makes it of the process; a test may
 * make its own.
 */
export interface TerminalIO extends CommandIO {
  /** Bytes to stdout, unchanged (a command's binary output). */
  readonly writeStdout: (data: Buffer) => void;
  readonly writeStderr: (data: Buffer) => void;
  readonly stdin: NodeJS.ReadableStream;
  /** Whether stdin is a terminal: only then does `exec -t` put it in raw mode. */
  readonly stdinIsTTY: boolean;
  /** Switches stdin's raw mode (a terminal's only). */
  readonly setRawMode: (raw: boolean) => void;
  /** The size of the terminal stdout is on; undefined when it is not a terminal. */
  readonly terminalSize: () => { readonly columns: number; readonly rows: number } | undefined;
  /** Calls `listener` when the terminal is resized (SIGWINCH); returns what removes it. */
  readonly onResize: (listener: () => void) => () => void;
  /** Calls `listener` on Ctrl-C or a termination signal (SIGINT, SIGTERM); returns what removes it. */
  readonly onInterrupt: (listener: () => void) => () => void;
}
