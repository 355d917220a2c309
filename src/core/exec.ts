import type WebSocket from 'ws';
import { errorSaid } from './errors';
import type { Message } from './messages/messages';
import { message, MessageError, say } from './messages/messages';

/**
 * What a terminal needs of an interactive session in a container, whichever provider's: a backend that finds the
 * shell and opens a session, the session's events, and the wait for a socket's handshake. ECI's backend is
 * src/eci/exec-session.ts, JD Cloud's src/jdcloud/exec-session.ts.
 */
export interface ExecEnd {
  /** The command's exit code, when the server said it. */
  readonly exitCode: number | undefined;
  /** Who closed: the server (the command ended, or the connection was lost) or this side. */
  readonly by: 'server' | 'client' | 'network';
  /** What happened, in English; `said` says it in another language. */
  readonly reason: string;
  readonly said?: Message | undefined;
}

/**
 * The end of a session in words: closed here, ended by the server (with the command's exit code when it said it), or
 * the connection lost (its WebSocket close code, and the server's reason when it gave one).
 */
export function execEnd(by: ExecEnd['by'], exitCode: number | undefined, closeCode: number, closeReason = ''): ExecEnd {
  const said =
    by === 'client'
      ? message('exec.end.closed')
      : by === 'server'
        ? exitCode === undefined
          ? message('exec.end.ended')
          : message('exec.end.exited', { code: exitCode })
        : message('exec.end.lost', { code: closeCode, reason: closeReason === '' ? '' : `: ${closeReason}` });
  return { exitCode, by, reason: say(said), said };
}

export interface ExecEvents {
  onOutput?(text: string, stream: 'stdout' | 'stderr'): void;
  onEnd?(end: ExecEnd): void;
}

/**
 * Waits for an exec socket's handshake, whichever provider's: an Error that says the session was refused (with the
 * HTTP status and `refused`, what that usually means) or could not be reached; a signal's abort ends the wait.
 * The open socket is left paused: output that came in the same packet as the handshake (a proxy passes them on in
 * one piece) would otherwise be emitted before the caller's `await` returns. The caller resumes it once it listens.
 */
export function connected(
  socket: WebSocket,
  options: { readonly signal?: AbortSignal | undefined; readonly refused?: Message | undefined } = {},
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const { signal } = options;
    const abort = (): void => {
      socket.terminate();
      reject(new MessageError(message('exec.cancelled')));
    };
    signal?.addEventListener('abort', abort, { once: true });
    socket.once('open', () => {
      signal?.removeEventListener('abort', abort);
      socket.pause();
      resolve();
    });
    socket.once('unexpected-response', (_request, response) => {
      signal?.removeEventListener('abort', abort);
      const status = response.statusCode ?? '?';
      reject(
        new MessageError(
          options.refused === undefined
            ? message('exec.refused', { status })
            : message('exec.refusedBecause', { status, refused: options.refused }),
        ),
      );
      socket.terminate();
    });
    socket.once('error', (error: Error) => {
      signal?.removeEventListener('abort', abort);
      reject(new MessageError(message('exec.unreachable', { error: errorSaid(error) })));
    });
  });
}

/** An open interactive session, whichever provider's: what a terminal needs of it. */
export interface ExecConnection {
  write(data: string): void;
  resize(columns: number, rows: number): unknown;
  close(): Promise<unknown>;
}

/** What a byte stream's reader hears: the command's output as it came, unchanged, and the end. */
export interface ByteStreamEvents {
  onData?(data: Buffer, stream: 'stdout' | 'stderr'): void;
  onEnd?(end: ExecEnd): void;
}

/**
 * A command in a container without a terminal whose input and output are bytes, unchanged both ways (what a port
 * forward's relay, a piped `eci exec` or a file copy runs on), whichever provider's.
 */
export interface ExecByteStream {
  /** Bytes for the command's stdin; `written` is called once they are handed to the connection. */
  write(data: Buffer, written?: (error?: Error) => void): void;
  /** Ends the command's stdin (EOF), in the provider's way of saying so; what is written later is dropped. */
  end(): void;
  /** Stops and restarts the delivery of output (while the reader's own output is full). */
  pause(): void;
  resume(): void;
  /** Closes from this side (the command is hung up); resolves when the session is closed. */
  close(): Promise<ExecEnd>;
  /** Resolves when the session ends, from either side. */
  done(): Promise<ExecEnd>;
}

/**
 * Where a terminal's shell runs, for one container of either provider: the shell to start (bash when the container
 * has it, else sh), a way to open a session, and a way to run a command on bytes.
 */
export interface ExecBackend {
  /** "group/container", "container": for the terminal's messages. */
  readonly label: string;
  detectShell(): Promise<string[]>;
  open(
    command: readonly string[],
    size: { readonly columns: number; readonly rows: number } | undefined,
    events: ExecEvents,
  ): Promise<ExecConnection>;
  /** Runs `command` without a terminal, its stdin and output as bytes. */
  openStream(command: readonly string[], events: ByteStreamEvents): Promise<ExecByteStream>;
}

/**
 * Runs a command over a byte stream to its end and gives its stdout, stderr and exit code: for short commands (a
 * probe), with `input` as its whole stdin. A command still running after `timeoutMs` is closed and said to be.
 */
export async function runToEnd(
  backend: ExecBackend,
  command: readonly string[],
  options: { readonly input?: Buffer | undefined; readonly timeoutMs?: number | undefined } = {},
): Promise<{ stdout: Buffer; stderr: Buffer; end: ExecEnd }> {
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  const stream = await backend.openStream(command, {
    onData: (data, which) => (which === 'stdout' ? stdout : stderr).push(data),
  });
  if (options.input !== undefined) stream.write(options.input);
  stream.end();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), options.timeoutMs ?? 15_000);
  });
  const end = await Promise.race([stream.done(), timedOut]);
  clearTimeout(timer);
  if (end === 'timeout') {
    await stream.close();
    throw new MessageError(
      message('exec.timeout', { command: command.join(' '), label: backend.label, ms: options.timeoutMs ?? 15_000 }),
    );
  }
  return { stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr), end };
}

/** `bash` when `command -v bash` prints a path, else `sh` (also when asking fails). */
export async function detectShell(run: (command: readonly string[]) => Promise<string>): Promise<string[]> {
  try {
    return (await run(['sh', '-c', 'command -v bash || true'])).trim() !== '' ? ['/bin/bash'] : ['/bin/sh'];
  } catch {
    return ['/bin/sh'];
  }
}
