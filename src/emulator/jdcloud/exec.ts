import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { ExecSessions, RunningTerminal } from '../exec';
import { failedPrecondition, internal, invalid, JdcloudError, notFound, unimplemented } from './errors';
import type { JdcloudContainerModel } from './model';
import type { JsonObject } from './params';
import { decodedPath, field, kindOf, optionalBoolean, optionalText } from './params';

/** Where exec commands run as real processes, as ECI's exec does. */
export interface JdcloudTerminals {
  readonly sessions: ExecSessions;
  readonly workRoot: string;
}

interface ExecModel {
  readonly execId: string;
  readonly containerId: string;
  readonly command: string[];
  readonly tty: boolean;
  started: boolean;
  exitCode: number | undefined;
  terminal: RunningTerminal | undefined;
}

const EXEC_START = /^\/v1\/regions\/([a-z0-9-]+)\/containers\/([^/:]+):execStart$/;

/** jdcloud-cli's end of piped input: a binary frame of this one byte (EOT). */
const END_OF_INPUT = 0x04;

/** The sizes a terminal takes, as the emulator's exec runtime applies them (src/emulator/exec.ts: under 10,000). */
const MAX_TERMINAL_SIDE = 9_999;

/** Only a running container runs commands. */
function mustRun(container: JdcloudContainerModel): void {
  if (container.status !== 'running')
    throw failedPrecondition(`The container ${container.containerId} is ${container.status}.`);
}

/**
 * Native Container exec (eci-api.md §8): execCreate makes an exec of a running container;
 * `GET …:execStart?execId=…` upgraded to a WebSocket, signed like any call, runs it: stdin comes as binary frames
 * with no channel byte; output goes as JSON text frames `{"streamType","output"}`; the socket closes when the
 * command exits, whose code execGetExitCode then gives. resizeTTY resizes its terminal. Execs live as long as the
 * emulator's process. Without a TTY the exec carries bytes: stdout goes out as binary frames, unchanged (a JSON
 * string cannot hold bytes that are not UTF-8; the real server's framing of such output is not documented), stderr
 * as JSON text frames, and a binary frame holding the one byte 0x04 ends the command's stdin, as jdcloud-cli sends it
 * after piped input (eci-api.md §8); text frames are always input.
 */
export class JdcloudExecs {
  private readonly execs = new Map<string, ExecModel>();
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });

  constructor(private readonly terminals?: JdcloudTerminals) {}

  create(container: JdcloudContainerModel, body: JsonObject): { execId: string } {
    const command = field(body, 'command');
    if (!Array.isArray(command) || command.length === 0 || !command.every((part) => typeof part === 'string'))
      throw invalid('command must be a non-empty list of strings.');
    const tty = optionalBoolean(body, 'tty') ?? false;
    mustRun(container);
    const execId = randomBytes(8).toString('hex');
    this.execs.set(execId, {
      execId,
      containerId: container.containerId,
      command: command as string[],
      tty,
      started: false,
      exitCode: undefined,
      terminal: undefined,
    });
    return { execId };
  }

  exitCode(container: JdcloudContainerModel, query: URLSearchParams): { exitCode: number | null; running: boolean } {
    const execId = query.get('execId');
    if (execId === null || execId === '') throw invalid('execId is required.');
    const exec = this.of(container, execId);
    return { exitCode: exec.exitCode ?? null, running: exec.started && exec.exitCode === undefined };
  }

  resize(container: JdcloudContainerModel, body: JsonObject): Record<string, never> {
    // Without an execId, resizeTTY would size the container's attach session (eci-api.md §8), which is not emulated.
    const execId = optionalText(body, 'execId');
    if (execId === undefined)
      throw invalid('execId is required: the emulator has no attach session, which resizeTTY without one would size.');
    const exec = this.of(container, execId);
    const side = (name: 'width' | 'height'): number => {
      const value = field(body, name);
      if (value === undefined) throw invalid(`${name} is required.`);
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_TERMINAL_SIDE)
        throw invalid(
          `${name} must be a whole number from 1 to ${MAX_TERMINAL_SIDE}, ` +
            `not ${typeof value === 'number' ? value : kindOf(value)}.`,
        );
      return value;
    };
    const width = side('width');
    const height = side('height');
    exec.terminal?.resize(width, height);
    return {};
  }

  /**
   * The execStart handshake: `authenticate` checks its signature, `container` finds the container (brought up to
   * date); a refusal is answered with JD Cloud's code and its `{requestId, error}` body, as any call's.
   */
  upgrade(
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    authenticate: (url: URL) => void,
    container: (regionId: string, containerId: string) => JdcloudContainerModel,
  ): void {
    const refuse = (error: JdcloudError): void => {
      const body = JSON.stringify({
        requestId: randomBytes(16).toString('hex'),
        error: { code: error.code, status: error.status, message: error.message },
      });
      socket.end(
        `HTTP/1.1 ${error.code} ${STATUS_CODES[error.code] ?? 'Refused'}\r\n` +
          'Content-Type: application/json;charset=utf-8\r\n' +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    };
    let exec: ExecModel;
    let terminals: JdcloudTerminals;
    let envs: readonly { name: string; value?: string | undefined }[];
    try {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const path = decodedPath(url.pathname);
      authenticate(url);
      const match = EXEC_START.exec(path);
      const found = this.execs.get(url.searchParams.get('execId') ?? '');
      if (match === null || found === undefined || found.containerId !== match[2]) throw notFound('No such exec.');
      if (found.started) throw failedPrecondition(`The exec ${found.execId} was started already.`);
      const running = container(match[1] ?? '', found.containerId);
      mustRun(running);
      envs = running.settings?.envs ?? [];
      if (this.terminals === undefined) throw unimplemented('This emulator runs no processes.');
      exec = found;
      terminals = this.terminals;
    } catch (error) {
      refuse(
        error instanceof JdcloudError
          ? error
          : internal(`The emulator failed: ${error instanceof Error ? error.message : String(error)}`),
      );
      return;
    }
    exec.started = true;
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      const cwd = join(terminals.workRoot, 'jdcloud', exec.containerId);
      mkdirSync(cwd, { recursive: true });
      const env: Record<string, string> = {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        HOME: cwd,
        LANG: 'C.UTF-8',
        TERM: 'xterm-256color',
        HOSTNAME: exec.containerId,
      };
      // A container's own variables reach its execs, as in a real container.
      for (const variable of envs) env[variable.name] = variable.value ?? '';
      exec.terminal = terminals.sessions.start({ cwd, env }, exec.command, exec.tty, {
        output: (data, stream, sent) => {
          if (ws.readyState !== ws.OPEN) return sent();
          if (!exec.tty && stream === 'stdout') ws.send(data, { binary: true }, sent);
          else ws.send(JSON.stringify({ streamType: stream, output: data.toString('utf8') }), sent);
        },
        exit: (exitCode) => {
          exec.exitCode ??= exitCode;
          exec.terminal = undefined;
          if (ws.readyState === ws.OPEN) ws.close(1000);
        },
      });
      ws.on('message', (data: Buffer, isBinary: boolean) => {
        if (!exec.tty && isBinary && data.length === 1 && data[0] === END_OF_INPUT) exec.terminal?.endInput();
        else if (exec.terminal?.write(data) === false) {
          ws.pause();
          exec.terminal.onDrained(() => ws.resume());
        }
      });
      ws.on('close', () => exec.terminal?.hangUp());
      ws.on('error', () => exec.terminal?.hangUp());
    });
  }

  close(): void {
    for (const exec of this.execs.values()) exec.terminal?.hangUp();
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
  }

  private of(container: JdcloudContainerModel, execId: string): ExecModel {
    const exec = this.execs.get(execId);
    if (exec === undefined || exec.containerId !== container.containerId) throw notFound('No such exec.');
    return exec;
  }
}
