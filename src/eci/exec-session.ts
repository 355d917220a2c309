import { StringDecoder } from 'node:string_decoder';
import type WebSocket from 'ws';
import type * as Ws from 'ws';
import type { ByteStreamEvents, ExecBackend, ExecByteStream, ExecEnd, ExecEvents } from '../core/exec';
import { connected, detectShell, execEnd } from '../core/exec';
import { message } from '../core/messages/messages';
import type { EciClient } from './client';
import { eciError } from './error-hints';
import { execContainerCommand } from './operations';
import { lazyModule } from '../lazy-module';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded with the first session (see lazy-module.ts)
const ws = lazyModule(() => require('ws') as typeof Ws);

/**
 * An interactive command in a container: ExecContainerCommand hands out a WebSocket URI, and the socket speaks the
 * framing of docs/reference/eci-api.md §4 — binary frames with a one-byte channel (0 stdin, 1 stdout, 2 stderr, 3
 * resize as `{"Width":cols,"Height":rows}`), text frames taken as output as they are. Output is decoded as a UTF-8
 * stream, so a character split across two frames stays whole. Pings keep an idle terminal open through proxies.
 * A session opened with `onData` (a byte stream) hands output on as bytes instead, and `end()` sends `[255, 0]`,
 * Kubernetes' v5 "close stdin": ECI documents no end-of-input signal (eci-api.md §4); the emulator honours this one.
 */
export const CHANNEL = { stdin: 0, stdout: 1, stderr: 2, resize: 3, close: 255 } as const;

export interface ExecOptions {
  readonly containerGroupId: string;
  readonly containerName: string;
  readonly regionId?: string | undefined;
  /** The command; a shell by default. */
  readonly command?: readonly string[] | undefined;
  readonly tty?: boolean | undefined;
  /** Sent once the socket is open (and whenever the terminal is resized later, through `resize`). */
  readonly size?: { readonly columns: number; readonly rows: number } | undefined;
  readonly pingIntervalMs?: number | undefined;
  readonly signal?: AbortSignal | undefined;
}

export class ExecSession implements ExecByteStream {
  private readonly decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
  private ended: ExecEnd | undefined;
  private closingByClient = false;
  private pinger: NodeJS.Timeout | undefined;
  private readonly endWaiters: ((end: ExecEnd) => void)[] = [];

  private constructor(
    private readonly socket: WebSocket,
    private readonly events: ExecEvents & ByteStreamEvents,
    pingIntervalMs: number,
  ) {
    socket.on('message', (data: Buffer, isBinary: boolean) => this.receive(data, isBinary));
    socket.on('close', (code: number, reason: Buffer) => this.closed(code, reason.toString('utf8')));
    socket.on('error', () => undefined); // the close that follows says what happened
    socket.resume(); // paused by connected() until these listeners were in place
    if (pingIntervalMs > 0) {
      this.pinger = setInterval(() => {
        if (socket.readyState === socket.OPEN) socket.ping();
      }, pingIntervalMs);
    }
  }

  /** Asks for a session and connects to it. Fails with a CloudError (API) or an Error naming what could not connect. */
  static async open(
    client: EciClient,
    options: ExecOptions,
    events: ExecEvents | ByteStreamEvents = {},
  ): Promise<ExecSession> {
    const tty = options.tty ?? true;
    const { WebSocketUri } = await execContainerCommand(
      client,
      {
        ContainerGroupId: options.containerGroupId,
        ContainerName: options.containerName,
        Command: options.command ?? ['/bin/sh'],
        TTY: tty,
        Stdin: true,
      },
      { regionId: options.regionId, signal: options.signal },
    );
    if (WebSocketUri === undefined || WebSocketUri === '')
      throw eciError({ code: 'InvalidResponse', message: 'ExecContainerCommand gave no WebSocketUri.' });
    const socket = new (ws().WebSocket)(WebSocketUri, {
      perMessageDeflate: false,
      handshakeTimeout: 15_000,
      ...client.route.webSocketOptions(WebSocketUri),
    });
    await connected(socket, { signal: options.signal, refused: message('exec.refused.eci') });
    const session = new ExecSession(socket, events, options.pingIntervalMs ?? 20_000);
    if (options.size !== undefined) session.resize(options.size.columns, options.size.rows);
    return session;
  }

  get isOpen(): boolean {
    return this.ended === undefined && this.socket.readyState === this.socket.OPEN;
  }

  /** Keystrokes, text or bytes, unchanged (Ctrl-C is "\x03", arrows are escape sequences). */
  write(data: string | Buffer, written?: (error?: Error) => void): void {
    if (!this.isOpen) {
      written?.(new Error('The exec session is closed.'));
      return;
    }
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    this.socket.send(Buffer.concat([Buffer.of(CHANNEL.stdin), bytes]), { binary: true }, written);
  }

  /** Ends the command's stdin. */
  end(): void {
    if (this.isOpen) this.socket.send(Buffer.of(CHANNEL.close, CHANNEL.stdin), { binary: true });
  }

  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  resize(columns: number, rows: number): void {
    if (!this.isOpen || columns <= 0 || rows <= 0) return;
    this.socket.send(
      Buffer.concat([
        Buffer.of(CHANNEL.resize),
        Buffer.from(JSON.stringify({ Width: Math.floor(columns), Height: Math.floor(rows) })),
      ]),
      { binary: true },
    );
  }

  /** Closes from this side; resolves when the socket is closed. */
  async close(): Promise<ExecEnd> {
    if (this.ended !== undefined) return this.ended;
    this.closingByClient = true;
    this.socket.close(1000, 'closed by the client');
    const forced = setTimeout(() => this.socket.terminate(), 2_000);
    const end = await this.done();
    clearTimeout(forced);
    return end;
  }

  /** Resolves when the session ends, from either side. */
  done(): Promise<ExecEnd> {
    if (this.ended !== undefined) return Promise.resolve(this.ended);
    return new Promise((resolve) => this.endWaiters.push(resolve));
  }

  private receive(data: Buffer, isBinary: boolean): void {
    const { onData } = this.events;
    if (onData !== undefined) {
      const channel = isBinary ? data[0] : CHANNEL.stdout;
      const payload = isBinary ? data.subarray(1) : data;
      if (payload.length > 0 && (channel === CHANNEL.stdout || channel === CHANNEL.stderr))
        onData(payload, channel === CHANNEL.stdout ? 'stdout' : 'stderr');
      return;
    }
    if (!isBinary) {
      this.events.onOutput?.(this.decoders.stdout.write(data), 'stdout');
      return;
    }
    const channel = data[0];
    const payload = data.subarray(1);
    if (channel === CHANNEL.stdout) this.emit(this.decoders.stdout.write(payload), 'stdout');
    else if (channel === CHANNEL.stderr) this.emit(this.decoders.stderr.write(payload), 'stderr');
    // Other channels (an echo of a resize, an exit notice some servers send) carry no output.
  }

  private emit(text: string, stream: 'stdout' | 'stderr'): void {
    if (text !== '') this.events.onOutput?.(text, stream);
  }

  private closed(code: number, reason: string): void {
    clearInterval(this.pinger);
    // What was left of a character at the very end is written as it is.
    this.emit(this.decoders.stdout.end(), 'stdout');
    this.emit(this.decoders.stderr.end(), 'stderr');
    let exitCode: number | undefined;
    try {
      const parsed = JSON.parse(reason) as { ExitCode?: unknown };
      if (typeof parsed.ExitCode === 'number') exitCode = parsed.ExitCode;
    } catch {
      // A reason that is not JSON carries no exit code.
    }
    const by = this.closingByClient ? 'client' : code === 1000 || exitCode !== undefined ? 'server' : 'network';
    this.ended = execEnd(by, exitCode, code, reason);
    this.events.onEnd?.(this.ended);
    for (const waiter of this.endWaiters.splice(0)) waiter(this.ended);
  }
}

/** Runs one command to its end without a terminal (ExecContainerCommand with `Sync=true`) and returns its output. */
export async function runCommand(
  client: EciClient,
  options: Omit<ExecOptions, 'tty' | 'size'> & { readonly command: readonly string[] },
): Promise<string> {
  const answer = await execContainerCommand(
    client,
    {
      ContainerGroupId: options.containerGroupId,
      ContainerName: options.containerName,
      Command: options.command,
      Sync: true,
      TTY: false,
      Stdin: false,
    },
    { regionId: options.regionId, signal: options.signal },
  );
  return answer.SyncResponse ?? '';
}

export function eciExecBackend(
  client: () => Promise<EciClient>,
  target: {
    readonly regionId: string;
    readonly containerGroupId: string;
    readonly groupName: string;
    readonly containerName: string;
  },
): ExecBackend {
  const where = {
    containerGroupId: target.containerGroupId,
    containerName: target.containerName,
    regionId: target.regionId,
  };
  return {
    label: `${target.groupName}/${target.containerName}`,
    detectShell: () => detectShell(async (command) => runCommand(await client(), { ...where, command })),
    open: async (command, size, events) =>
      ExecSession.open(await client(), { ...where, command, tty: true, size }, events),
    openStream: async (command, events) => ExecSession.open(await client(), { ...where, command, tty: false }, events),
  };
}
