import type { AddressInfo, Server, Socket } from 'node:net';
import { createServer } from 'node:net';
import type { ExecBackend, ExecByteStream } from './exec';
import { runToEnd } from './exec';
import { commaListMessage } from './error-hints';
import type { Message } from './messages/messages';
import { message, MessageError, say } from './messages/messages';

/**
 * Port forwarding over exec, for any provider's container: neither ECI nor JD Cloud's Native Container has a
 * port-forward API, but their exec sessions carry bytes both ways. A listener on this machine runs, for every
 * connection it accepts, a relay program in the container (without a terminal) that connects to the remote port
 * there; the connection's bytes go to the relay's stdin, and the relay's stdout comes back. Each connection has its
 * own relay: one that dies ends its connection only.
 */

/** A program that can relay stdin and stdout to a TCP port, and how to ask a container whether it has it. */
export interface RelayProgram {
  /** What the messages call it: "socat", "python3", "bash (/dev/tcp)". */
  readonly name: string;
  /** A POSIX shell condition, true when the container can run it (run by /bin/sh, with the container's PATH). */
  readonly probe: string;
  /** The command that relays stdin and stdout to host:port. */
  command(host: string, port: number): string[];
}

/**
 * Python 3's relay, in lines: ECI's ExecContainerCommand takes at most 20 command items of at most 256 characters
 * (eci-api.md §4), so the script goes as several arguments that a short `-c` joins and runs.
 */
const PYTHON_RELAY_LINES = [
  'import os, socket, sys, threading',
  's = socket.create_connection((sys.argv[1], int(sys.argv[2])))',
  'def up():',
  '    while True:',
  '        data = os.read(0, 65536)',
  '        if not data: break',
  '        s.sendall(data)',
  '    try: s.shutdown(socket.SHUT_WR)',
  '    except OSError: pass',
  'threading.Thread(target=up, daemon=True).start()',
  'out = sys.stdout.buffer',
  'while True:',
  '    data = s.recv(65536)',
  '    if not data: break',
  '    out.write(data)',
  '    out.flush()',
];
const PYTHON_RELAY = chunks(PYTHON_RELAY_LINES, 250);
const PYTHON_RUN = 'import sys; exec("\\n".join(sys.argv[3:]))';

/** Lines joined with newlines into as few pieces of at most `size` characters as whole lines allow. */
function chunks(lines: readonly string[], size: number): string[] {
  const pieces: string[] = [];
  for (const line of lines) {
    const last = pieces.length - 1;
    if (last >= 0 && (pieces[last] ?? '').length + 1 + line.length <= size) pieces[last] += `\n${line}`;
    else pieces.push(line);
  }
  return pieces;
}

const NODE_RELAY =
  "const s = require('net').connect(Number(process.argv[2]), process.argv[1]);" +
  "s.on('error', () => process.exit(1));" +
  'process.stdin.pipe(s);' +
  "s.pipe(process.stdout).on('error', () => process.exit(1));" +
  "s.on('end', () => process.exit(0));";

/**
 * bash's /dev/tcp with two `cat`s: stdin to the socket in the background (its stdin named, as a background command's
 * is otherwise /dev/null), the socket to stdout in the foreground; when the server ends, so does the relay. bash
 * cannot half-close a socket, so the end of the local side's input does not reach the server.
 */
const BASH_RELAY = 'exec 3<>"/dev/tcp/$0/$1" || exit 1; cat <&0 >&3 & cat <&3; kill $! 2>/dev/null';

/** What is tried, in this order: the first a container has is used. */
export const RELAY_PROGRAMS: readonly RelayProgram[] = [
  { name: 'socat', probe: 'command -v socat', command: (host, port) => ['socat', '-', `TCP:${host}:${port}`] },
  { name: 'nc', probe: 'command -v nc', command: (host, port) => ['nc', host, String(port)] },
  {
    name: 'bash (/dev/tcp)',
    probe: 'command -v bash && command -v cat',
    command: (host, port) => ['bash', '-c', BASH_RELAY, host, String(port)],
  },
  {
    name: 'python3',
    probe: 'command -v python3',
    command: (host, port) => ['python3', '-c', PYTHON_RUN, host, String(port), ...PYTHON_RELAY],
  },
  {
    name: 'python',
    probe: 'command -v python && python -c "import sys; sys.exit(sys.version_info[0] < 3)"',
    command: (host, port) => ['python', '-c', PYTHON_RUN, host, String(port), ...PYTHON_RELAY],
  },
  { name: 'node', probe: 'command -v node', command: (host, port) => ['node', '-e', NODE_RELAY, host, String(port)] },
  {
    name: 'busybox nc',
    probe: 'command -v busybox && busybox --list | grep -qx nc',
    command: (host, port) => ['busybox', 'nc', host, String(port)],
  },
];

export class NoRelayProgram extends MessageError {
  override readonly name = 'NoRelayProgram';
}

/**
 * The first of `candidates` the container has, asked in one exec (`/bin/sh -c` with one probe per candidate, at
 * most 16 of them).
 * Fails with a `NoRelayProgram` naming them all when it has none, or an Error when the container cannot be asked.
 */
export async function detectRelay(
  backend: ExecBackend,
  candidates: readonly RelayProgram[] = RELAY_PROGRAMS,
): Promise<RelayProgram> {
  // One probe per argument: ECI takes at most 20 command items of at most 256 characters each.
  const script = 'i=0; for probe; do if eval "$probe" >/dev/null 2>&1; then echo $i; fi; i=$((i+1)); done';
  const { stdout, stderr, end } = await runToEnd(backend, [
    '/bin/sh',
    '-c',
    script,
    'sh',
    ...candidates.map((relay) => relay.probe),
  ]);
  const found = new Set(stdout.toString('utf8').split(/\s+/).filter(Boolean).map(Number));
  const relay = candidates.find((_, index) => found.has(index));
  if (relay !== undefined) return relay;
  if (end.exitCode !== 0 && end.exitCode !== undefined)
    throw new MessageError(
      message('portForward.probeFailed', {
        container: backend.label,
        code: end.exitCode,
        stderr: stderr.length > 0 ? ` (${stderr.toString('utf8').trim().slice(0, 200)})` : '',
      }),
    );
  throw new NoRelayProgram(
    message('portForward.noRelay', {
      container: backend.label,
      programs: commaListMessage(candidates.map((relay) => relay.name)),
    }),
  );
}

export interface PortForwardOptions {
  readonly backend: ExecBackend;
  /** The port in the container, and the host there (default 127.0.0.1: the container's own loopback). */
  readonly remotePort: number;
  readonly remoteHost?: string | undefined;
  /** The local port (default 0: a free one) and address (default 127.0.0.1). */
  readonly localPort?: number | undefined;
  readonly localHost?: string | undefined;
  /** The relay programs to try, in order (default `RELAY_PROGRAMS`). */
  readonly relays?: readonly RelayProgram[] | undefined;
  /**
   * The container's relay program when it is known already (another forward's `relay`, for the same container):
   * then it is not asked again.
   */
  readonly relay?: RelayProgram | undefined;
  /**
   * A connection that could not be relayed, or whose relay failed: for the log; the others go on. `said` is the
   * message of the catalog, to say it in another language.
   */
  readonly onConnectionError?: ((message: string, said: Message) => void) | undefined;
}

/** Above this many bytes handed to the exec connection and not yet sent, the local socket is paused. */
const HIGH_WATER_BYTES = 1024 * 1024;

/** A forwarded port: listening on `localHost:localPort` until `stop()`. */
export class PortForward {
  private readonly live = new Set<{ socket: Socket; stream: ExecByteStream | undefined }>();
  private stopped = false;

  private constructor(
    private readonly server: Server,
    private readonly options: PortForwardOptions,
    /** The relay program the container runs for each connection. */
    readonly relay: RelayProgram,
  ) {
    server.on('connection', (socket) => this.accept(socket));
  }

  /**
   * Finds the container's relay program (once, unless `relay` gives it), then listens. Fails with a clear Error when
   * the container has no relay program, cannot be asked, or the local port cannot be had.
   */
  static async start(options: PortForwardOptions): Promise<PortForward> {
    if (!Number.isInteger(options.remotePort) || options.remotePort < 1 || options.remotePort > 65_535)
      throw new MessageError(message('portForward.remotePort', { port: options.remotePort }));
    const relay = options.relay ?? (await detectRelay(options.backend, options.relays));
    const server = createServer({ pauseOnConnect: true, allowHalfOpen: true });
    const host = options.localHost ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          new MessageError(
            error.code === 'EADDRINUSE'
              ? message('portForward.inUse', { port: options.localPort ?? 0, host })
              : message('portForward.cannotListen', { host, port: options.localPort ?? 0, error: error.message }),
          ),
        ),
      );
      server.listen(options.localPort ?? 0, host, () => resolve());
    });
    return new PortForward(server, options, relay);
  }

  get localPort(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get localHost(): string {
    return (this.server.address() as AddressInfo).address;
  }

  /** Connections being relayed now. */
  get connections(): number {
    return this.live.size;
  }

  /** "127.0.0.1:8080 → web/nginx:80 (via python3)". */
  get description(): string {
    return `${this.localHost}:${this.localPort} → ${this.options.backend.label}:${this.options.remotePort} (via ${this.relay.name})`;
  }

  /** Stops listening and ends every connection (and its relay); resolves once the port is free. */
  async stop(): Promise<void> {
    this.stopped = true;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    await Promise.all(
      [...this.live].map(async (connection) => {
        connection.socket.destroy();
        await connection.stream?.close();
      }),
    );
    await closed;
  }

  private accept(socket: Socket): void {
    if (this.stopped) {
      socket.destroy();
      return;
    }
    const connection: { socket: Socket; stream: ExecByteStream | undefined } = { socket, stream: undefined };
    this.live.add(connection);
    socket.on('error', () => undefined); // the close that follows ends the relay
    const { remoteHost = '127.0.0.1', remotePort, backend } = this.options;
    let localClosed = false;
    socket.once('close', () => {
      localClosed = true;
      this.live.delete(connection);
      void connection.stream?.close();
    });
    backend
      .openStream(this.relay.command(remoteHost, remotePort), {
        onData: (data, which) => {
          if (which === 'stderr') {
            this.connectionError(message('list.1', { a: `${this.relay.name}: ${data.toString('utf8').trim()}` }));
            return;
          }
          if (!socket.write(data)) {
            connection.stream?.pause();
            socket.once('drain', () => connection.stream?.resume());
          }
        },
        onEnd: (end) => {
          if (end.by !== 'client' && end.exitCode !== 0 && end.exitCode !== undefined)
            this.connectionError(message('portForward.relayEnded', { reason: end.said ?? end.reason }));
          else if (end.by === 'network') this.connectionError(end.said ?? message('list.1', { a: end.reason }));
          // What the relay sent is written first; then the connection ends, as the server's side did.
          socket.end(() => socket.destroy());
        },
      })
      .then(
        (stream) => {
          connection.stream = stream;
          if (localClosed || this.stopped) {
            void stream.close();
            return;
          }
          let unsent = 0;
          socket.on('data', (data: Buffer) => {
            unsent += data.length;
            if (unsent > HIGH_WATER_BYTES) socket.pause();
            stream.write(data, () => {
              unsent -= data.length;
              if (unsent <= HIGH_WATER_BYTES && socket.isPaused() && !socket.destroyed) socket.resume();
            });
          });
          // The local side's end of input is the relay's (a half-close, where the relay can pass it on).
          socket.on('end', () => stream.end());
          socket.resume();
        },
        (error: unknown) => {
          const reason =
            error instanceof MessageError ? error.said : error instanceof Error ? error.message : String(error);
          this.connectionError(message('portForward.relayFailed', { container: backend.label, error: reason }));
          socket.destroy();
        },
      );
  }

  private connectionError(said: Message): void {
    this.options.onConnectionError?.(say(said), said);
  }
}
