import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { dirname, join } from 'node:path';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { WebSocketServer } from 'ws';
import type { GroupModel } from './model';
import { stopProcessGroup } from './process-group';

/**
 * Exec sessions: ExecContainerCommand hands out a one-time WebSocket URI (`/exec/?s=<token>`, unused tokens expire
 * after 30 s); the socket then runs the command as a real process on this machine, in a per-container working
 * directory with the container's environment and config files. The framing is docs/reference/eci-api.md §4: binary
 * frames with a one-byte channel (0 stdin, 1 stdout, 2 stderr, 3 resize `{"Width":cols,"Height":rows}`); text frames
 * from the client are stdin; the server closes the socket when the process exits, with `{"ExitCode":n}` as close
 * reason. With TTY the process runs under a pseudo-terminal (util-linux `script`), so prompts, line editing, Ctrl-C and
 * resize behave as in a terminal. Without TTY, stdin and output are bytes, unchanged both ways; a frame `[255, 0]`
 * (Kubernetes' v5 channel protocol's "close stream 0"; ECI's own end-of-input signal is not documented) ends the
 * command's stdin, so that a command reading to the end of its input (`cat`, a relay) sees it.
 */
export const CHANNEL = { stdin: 0, stdout: 1, stderr: 2, resize: 3, close: 255 } as const;

interface PendingSession {
  readonly group: GroupModel;
  readonly container: string;
  readonly command: string[];
  readonly tty: boolean;
  readonly stdin: boolean;
  readonly expiresAt: number;
}

const TOKEN_TTL_MS = 30_000;

/**
 * What a running command says. `output` calls `sent` once the bytes are on their way to the client (or dropped): past
 * OUTPUT_HIGH_WATER_BYTES not yet sent, the command's output is paused until they are, so that a client that reads
 * slowly (a paused port forward) holds the command back instead of growing the emulator's memory.
 */
export interface TerminalEvents {
  output(data: Buffer, stream: 'stdout' | 'stderr', sent: () => void): void;
  exit(exitCode: number): void;
}

/** Output handed to a client and not yet sent, above which a command's output is paused. */
const OUTPUT_HIGH_WATER_BYTES = 1024 * 1024;
/** Input written to a command and not yet taken by it, above which `write` says to wait for `written`. */
const INPUT_HIGH_WATER_BYTES = 1024 * 1024;

export interface RunningTerminal {
  /**
   * Writes to the command's stdin; false when over INPUT_HIGH_WATER_BYTES are waiting for it to read, and then the
   * caller stops reading its client until `drained` is called.
   */
  write(data: Buffer | string): boolean;
  /** Called, once, when input that `write` said to wait for has been taken. */
  onDrained(drained: () => void): void;
  /** Ends the command's stdin (EOF); what is written later is dropped. */
  endInput(): void;
  resize(cols: number, rows: number): void;
  hangUp(): void;
}

export class ExecSessions {
  private readonly pending = new Map<string, PendingSession>();
  private readonly live = new Set<ChildProcess>();
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });

  constructor(
    private readonly workRoot: string,
    private readonly now: () => number = Date.now,
  ) {}

  create(session: Omit<PendingSession, 'expiresAt'>): string {
    for (const [token, s] of this.pending) if (s.expiresAt < this.now()) this.pending.delete(token);
    const token = randomBytes(18).toString('base64url');
    this.pending.set(token, { ...session, expiresAt: this.now() + TOKEN_TTL_MS });
    return token;
  }

  /** Handles an HTTP upgrade on /exec/; refuses unknown, used or expired tokens. */
  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const token = url.searchParams.get('s') ?? '';
    const session = this.pending.get(token);
    this.pending.delete(token);
    if (session === undefined || session.expiresAt < this.now()) {
      socket.end(
        'HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nThe exec session token is unknown, used or expired.\n',
      );
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => this.run(ws, session));
  }

  /** The environment and working directory of a container on this machine. */
  prepare(group: GroupModel, containerName: string): { cwd: string; env: Record<string, string> } {
    const container = group.spec.Containers.find((c) => c.Name === containerName);
    const cwd = join(this.workRoot, group.ContainerGroupId, containerName);
    mkdirSync(cwd, { recursive: true });
    const env: Record<string, string> = {
      PATH: process.env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin',
      HOME: cwd,
      LANG: 'C.UTF-8',
      TERM: 'xterm-256color',
      HOSTNAME: group.ContainerGroupName,
      ECI_CONTAINER_GROUP_ID: group.ContainerGroupId,
      ECI_CONTAINER_NAME: containerName,
    };
    for (const variable of container?.EnvironmentVars ?? [])
      env[variable.Key] = variable.FieldPath === 'status.podIP' ? group.IntranetIp : (variable.Value ?? '');
    // Config-file volumes appear as files under the working directory, at their mount paths.
    for (const mount of container?.VolumeMounts ?? []) {
      const volume = group.spec.Volumes.find((v) => v.Name === mount.Name);
      for (const file of volume?.ConfigFileVolume?.ConfigFileToPath ?? []) {
        const path = join(cwd, mount.MountPath.replace(/^\/+/, ''), file.Path.replace(/^\/+/, ''));
        if (!path.startsWith(cwd)) continue; // a path with .. cannot leave the container's folder
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, Buffer.from(file.Content, 'base64'));
      }
    }
    return { cwd, env };
  }

  private run(ws: WebSocket, session: PendingSession): void {
    const send = (channel: number, data: Buffer, sent: () => void): void => {
      if (ws.readyState === ws.OPEN) ws.send(Buffer.concat([Buffer.of(channel), data]), { binary: true }, sent);
      else sent();
    };
    const terminal = this.start(this.prepare(session.group, session.container), session.command, session.tty, {
      output: (data, stream, sent) => send(stream === 'stdout' ? CHANNEL.stdout : CHANNEL.stderr, data, sent),
      exit: (exitCode) => {
        if (ws.readyState === ws.OPEN) ws.close(exitCode === 127 ? 1011 : 1000, JSON.stringify({ ExitCode: exitCode }));
      },
    });
    const take = (data: Buffer): void => {
      if (terminal.write(data)) return;
      ws.pause();
      terminal.onDrained(() => ws.resume());
    };
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isBinary) {
        take(data);
        return;
      }
      const channel = data[0];
      const payload = data.subarray(1);
      if (channel === CHANNEL.stdin) take(payload);
      else if (channel === CHANNEL.close && payload[0] === CHANNEL.stdin) terminal.endInput();
      else if (channel === CHANNEL.resize) {
        try {
          const size = JSON.parse(payload.toString('utf8')) as { Width?: unknown; Height?: unknown };
          if (typeof size.Width === 'number' && typeof size.Height === 'number')
            terminal.resize(size.Width, size.Height);
        } catch {
          // a malformed resize is ignored, as a terminal ignores a malformed escape
        }
      }
    });
    ws.on('close', () => terminal.hangUp());
    ws.on('error', () => terminal.hangUp());
  }

  /**
   * A command running on this machine as a container's would, under a pseudo-terminal when `tty` (util-linux
   * `script`): what both APIs' exec sockets drive, each with its own framing. Exit code 127 when it cannot start.
   */
  start(
    place: { cwd: string; env: Record<string, string> },
    command: readonly string[],
    tty: boolean,
    events: TerminalEvents,
  ): RunningTerminal {
    const { cwd, env } = place;
    const child = tty
      ? spawn('script', ['-qfec', command.map(shellQuote).join(' '), '/dev/null'], {
          cwd,
          env: { ...env, SHELL: '/bin/sh' },
          detached: true,
        })
      : spawn(command[0] ?? 'sh', command.slice(1), { cwd, env, detached: true });
    this.live.add(child);
    let ptyPath: string | undefined;
    const findPty = (): string | undefined =>
      (ptyPath ??= tty && child.pid !== undefined ? slaveTerminalOf(child.pid) : undefined);
    // Resizes are applied one at a time and only the latest wins: two `stty` runs racing each other, or the
    // initial 80x24 landing after the client's first size, would leave the terminal at the wrong size. The
    // pseudo-terminal exists a moment after `script` starts, so applying waits for it (up to a second). Input that
    // arrives while a size is being applied waits for it, as in a terminal, where a resize takes effect at once: a
    // `stty size` typed after a resize sees the new size.
    let wanted: { cols: number; rows: number } | undefined = tty ? { cols: 80, rows: 24 } : undefined;
    let applying = false;
    let waits = 0;
    const held: (Buffer | string)[] = [];
    let inputEnded = false;
    let endHeld = false;
    // Input bytes written and not yet taken by the command (or held for a resize), and who waits for them.
    let untaken = 0;
    let drained: (() => void) | undefined;
    const toStdin = (data: Buffer | string): void => {
      if (child.stdin === null || child.stdin.destroyed) return taken(data);
      child.stdin.write(data, () => taken(data));
    };
    const taken = (data: Buffer | string): void => {
      untaken -= data.length;
      if (untaken > INPUT_HIGH_WATER_BYTES || drained === undefined) return;
      const waiting = drained;
      drained = undefined;
      waiting();
    };
    const release = (): void => {
      if (applying || wanted !== undefined) return;
      for (const data of held.splice(0)) toStdin(data);
      if (endHeld) child.stdin?.end();
    };
    const apply = (): void => {
      if (applying || wanted === undefined || child.exitCode !== null) return release();
      const path = findPty();
      if (path === undefined) {
        if (waits++ < 40) setTimeout(apply, 25);
        else {
          wanted = undefined; // no terminal to size: the input goes on unsized
          release();
        }
        return;
      }
      const size = wanted;
      wanted = undefined;
      applying = true;
      spawn('stty', ['-F', path, 'cols', String(size.cols), 'rows', String(size.rows)], { stdio: 'ignore' }).on(
        'close',
        () => {
          applying = false;
          apply();
        },
      );
    };
    apply();

    let unsent = 0;
    const sent = (bytes: number) => (): void => {
      unsent -= bytes;
      if (unsent > OUTPUT_HIGH_WATER_BYTES) return;
      child.stdout?.resume();
      child.stderr?.resume();
    };
    const forward = (stream: 'stdout' | 'stderr') => (data: Buffer) => {
      unsent += data.length;
      if (unsent > OUTPUT_HIGH_WATER_BYTES) {
        child.stdout?.pause();
        child.stderr?.pause();
      }
      events.output(data, stream, sent(data.length));
    };
    child.stdout?.on('data', forward('stdout'));
    child.stderr?.on('data', forward('stderr'));
    child.stdin?.on('error', () => undefined); // the process may exit while input is on its way
    child.on('error', (error) => {
      events.output(Buffer.from(`exec: ${error.message}\r\n`), 'stderr', () => undefined);
      events.exit(127);
    });
    child.on('close', (code, signal) => {
      this.live.delete(child);
      events.exit(code ?? (signal === null ? 0 : 128 + (signalNumber(signal) ?? 1)));
    });
    return {
      write: (data) => {
        if (inputEnded) return true;
        untaken += data.length;
        if (applying || wanted !== undefined) held.push(data);
        else toStdin(data);
        return untaken <= INPUT_HIGH_WATER_BYTES;
      },
      onDrained: (then) => {
        if (untaken <= INPUT_HIGH_WATER_BYTES) then();
        else drained = then;
      },
      endInput: () => {
        if (inputEnded) return;
        inputEnded = true;
        if (applying || wanted !== undefined) endHeld = true;
        else child.stdin?.end();
      },
      resize: (cols, rows) => {
        if (!tty || !(cols > 0 && rows > 0 && cols < 10_000 && rows < 10_000)) return;
        wanted = { cols: Math.floor(cols), rows: Math.floor(rows) };
        apply();
      },
      hangUp: () => stopProcessGroup(child, 'SIGHUP'),
    };
  }

  /** ExecContainerCommand with Sync=true: the command's output, with a time limit. */
  runSync(group: GroupModel, container: string, command: string[], timeoutMs = 10_000): Promise<string> {
    const { cwd, env } = this.prepare(group, container);
    return new Promise((resolve) => {
      const child = spawn(command[0] ?? 'sh', command.slice(1), { cwd, env, timeout: timeoutMs });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString('utf8')));
      child.stderr.on('data', (d: Buffer) => (output += d.toString('utf8')));
      child.on('error', (error) => resolve(`${output}exec: ${error.message}\n`));
      child.on('close', () => resolve(output));
    });
  }

  close(): void {
    for (const child of this.live) stopProcessGroup(child, 'SIGHUP');
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
  }
}

/** The pseudo-terminal `script` gave its child: the child's stdin. */
function slaveTerminalOf(scriptPid: number): string | undefined {
  try {
    const children = readFileSync(`/proc/${scriptPid}/task/${scriptPid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean);
    for (const pid of children) {
      const target = readlinkSync(`/proc/${pid}/fd/0`);
      if (target.startsWith('/dev/pts/')) return target;
    }
  } catch {
    // not started yet, or already gone
  }
  return undefined;
}

function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_\-./=:@%+,]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

function signalNumber(signal: NodeJS.Signals): number | undefined {
  const table: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 };
  return table[signal];
}
