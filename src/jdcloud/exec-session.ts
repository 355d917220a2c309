import { StringDecoder } from 'node:string_decoder';
import type * as Ws from 'ws';
import type WebSocket from 'ws';
import type { ByteStreamEvents, ExecBackend, ExecByteStream, ExecEnd, ExecEvents } from '../core/exec';
import { connected, detectShell, execEnd } from '../core/exec';
import { lazyModule } from '../lazy-module';
import type { JdcloudClient } from './client';
import { execCreate, execGetExitCode, resizeTTY } from './operations';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded with the first session (see lazy-module.ts)
const ws = lazyModule(() => require('ws') as typeof Ws);

/**
 * An interactive command in a Native Container (docs/reference/eci-api.md §8): execCreate, then a WebSocket to
 * `:execStart` opened with a signed GET; stdin as binary frames with no channel byte, output as JSON text frames
 * `{"streamType":"stdout"|"stderr","output":…}` (or plain text), resizes through the resizeTTY call, and the exit
 * code from execGetExitCode once the socket has closed. The same events as ECI's ExecSession, so that one terminal
 * serves both providers. A session opened with `onData` (a byte stream, without TTY) hands output on as bytes: binary
 * frames unchanged, a JSON frame's `output` as its UTF-8; `end()` sends jdcloud-cli's end of piped input, a binary
 * frame of the one byte 0x04, so input that is that one byte alone goes as a text frame (input too) instead.
 */

/** jdcloud-cli's end of piped input (eci-api.md §8). */
const END_OF_INPUT = 0x04;

export class JdcloudExecSession implements ExecByteStream {
  private readonly decoder = new StringDecoder('utf8');
  private ended: Promise<ExecEnd>;
  private closingByClient = false;

  private constructor(
    private readonly client: JdcloudClient,
    private readonly regionId: string,
    private readonly containerId: string,
    private readonly execId: string,
    private readonly socket: WebSocket,
    events: ExecEvents & ByteStreamEvents,
  ) {
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      if (events.onData !== undefined) {
        this.receiveBytes(data, isBinary, events.onData);
        return;
      }
      if (isBinary) {
        const text = this.decoder.write(data);
        if (text !== '') events.onOutput?.(text, 'stdout');
        return;
      }
      const text = data.toString('utf8');
      try {
        const frame = JSON.parse(text) as { streamType?: unknown; output?: unknown; type?: unknown; message?: unknown };
        if (typeof frame.output === 'string')
          events.onOutput?.(frame.output, frame.streamType === 'stderr' ? 'stderr' : 'stdout');
        else if (frame.type === 'error')
          events.onOutput?.(`${typeof frame.message === 'string' ? frame.message : text}\r\n`, 'stderr');
        return;
      } catch {
        events.onOutput?.(text, 'stdout');
      }
    });
    socket.on('error', () => undefined); // the close that follows says what happened
    this.ended = new Promise((resolve) => {
      socket.on('close', (code: number) => {
        void this.exitCode().then((exitCode) => {
          const by = this.closingByClient ? 'client' : code === 1000 ? 'server' : 'network';
          const end = execEnd(by, exitCode, code);
          events.onEnd?.(end);
          resolve(end);
        });
      });
    });
    socket.resume(); // paused by connected() until these listeners were in place
  }

  static async open(
    client: JdcloudClient,
    regionId: string,
    containerId: string,
    options: { command: readonly string[]; tty?: boolean; size?: { columns: number; rows: number } },
    events: ExecEvents | ByteStreamEvents = {},
  ): Promise<JdcloudExecSession> {
    const { execId } = await execCreate(client, regionId, containerId, {
      command: options.command,
      tty: options.tty ?? true,
    });
    const { url, headers } = client.webSocketRequest(regionId, `/containers/${containerId}:execStart`, { execId });
    const socket = new (ws().WebSocket)(url, {
      headers,
      perMessageDeflate: false,
      handshakeTimeout: 15_000,
      ...client.route.webSocketOptions(url),
    });
    await connected(socket);
    const session = new JdcloudExecSession(client, regionId, containerId, execId, socket, events);
    if (options.size !== undefined) await session.resize(options.size.columns, options.size.rows);
    return session;
  }

  get isOpen(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }

  /** Keystrokes, text or bytes, unchanged. */
  write(data: string | Buffer, written?: (error?: Error) => void): void {
    if (!this.isOpen) {
      written?.(new Error('The exec session is closed.'));
      return;
    }
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    const endOfInputAlike = bytes.length === 1 && bytes[0] === END_OF_INPUT;
    this.socket.send(endOfInputAlike ? '\u0004' : bytes, { binary: !endOfInputAlike }, written);
  }

  /** Ends the command's stdin (without a TTY). */
  end(): void {
    if (this.isOpen) this.socket.send(Buffer.of(END_OF_INPUT), { binary: true });
  }

  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  private receiveBytes(data: Buffer, isBinary: boolean, onData: NonNullable<ByteStreamEvents['onData']>): void {
    if (isBinary) {
      if (data.length > 0) onData(data, 'stdout');
      return;
    }
    try {
      const frame = JSON.parse(data.toString('utf8')) as { streamType?: unknown; output?: unknown; message?: unknown };
      if (typeof frame.output === 'string' && frame.output !== '')
        onData(Buffer.from(frame.output, 'utf8'), frame.streamType === 'stderr' ? 'stderr' : 'stdout');
      else if (typeof frame.message === 'string') onData(Buffer.from(`${frame.message}\n`, 'utf8'), 'stderr');
    } catch {
      onData(data, 'stdout');
    }
  }

  /** Through the resizeTTY call: JD Cloud's socket carries no resize frame. */
  async resize(columns: number, rows: number): Promise<void> {
    if (!this.isOpen || columns <= 0 || rows <= 0) return;
    await resizeTTY(this.client, this.regionId, this.containerId, {
      height: Math.floor(rows),
      width: Math.floor(columns),
      execId: this.execId,
    });
  }

  async close(): Promise<ExecEnd> {
    this.closingByClient = true;
    if (this.socket.readyState === this.socket.OPEN || this.socket.readyState === this.socket.CONNECTING)
      this.socket.close(1000);
    return this.ended;
  }

  done(): Promise<ExecEnd> {
    return this.ended;
  }

  /** execGetExitCode, a few times while the server records the exit (it may lag the socket's close). */
  private async exitCode(): Promise<number | undefined> {
    for (let attempt = 0; attempt < 10; attempt++) {
      try {
        const answer = await execGetExitCode(this.client, this.regionId, this.containerId, this.execId);
        if (typeof answer.exitCode === 'number') return answer.exitCode;
        if (answer.running === false && this.closingByClient) return undefined;
      } catch {
        return undefined;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return undefined;
  }
}

/** Runs one command without a terminal and returns what it printed (the session ends when the command does). */
export async function runJdcloudCommand(
  client: JdcloudClient,
  regionId: string,
  containerId: string,
  command: readonly string[],
): Promise<string> {
  let output = '';
  const session = await JdcloudExecSession.open(
    client,
    regionId,
    containerId,
    { command, tty: false },
    { onOutput: (text) => (output += text) },
  );
  const end = await Promise.race([
    session.done(),
    new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 10_000).unref()),
  ]);
  if (end === undefined) await session.close();
  return output;
}

/** A Native Container as a terminal's backend: the same terminal as ECI's containers. */
export function jdcloudExecBackend(
  client: () => Promise<JdcloudClient>,
  regionId: string,
  container: { readonly containerId: string; readonly name: string },
): ExecBackend {
  return {
    label: container.name,
    detectShell: () =>
      detectShell(async (command) => runJdcloudCommand(await client(), regionId, container.containerId, command)),
    open: async (command, size, events) =>
      JdcloudExecSession.open(await client(), regionId, container.containerId, { command, tty: true, size }, events),
    openStream: async (command, events) =>
      JdcloudExecSession.open(await client(), regionId, container.containerId, { command, tty: false }, events),
  };
}
