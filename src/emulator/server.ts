import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer, STATUS_CODES } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiError } from './api-error';
import { EmulatorApi, requestId } from './api';
import type { AccessKey } from './auth';
import { Authenticator } from './auth';
import { seedDemo } from './demo-seed';
import { ExecSessions } from './exec';
import type { ContainerRuntimeMode } from './lifecycle';
import { Clock } from './lifecycle';
import { instanceLines, rfc3339Nano } from './logs';
import { ProcessRuntime } from './process-runtime';
import { StateStore } from './state-store';
import { DEMO_KEY } from './demo-key';
import { emptyJdcloudState, JdcloudService } from './jdcloud/service';
import { internal, JdcloudError } from './jdcloud/errors';
import { requestHeaders } from './request-headers';
import { STS_API_VERSION } from '../eci/endpoints';
import { CredentialServices } from './credential-services';
import { StsService } from './sts';

export { DEMO_KEY };

export interface Faults {
  /** Added to every API answer. */
  latencyMs: number;
  /** Share of API calls answered Throttling or ServiceUnavailable before doing anything. */
  faultRate: number;
  /** Share of mutating calls that are carried out and then answered by dropping the connection. */
  dropAfterCommitRate: number;
}

export interface EmulatorOptions {
  readonly host?: string | undefined;
  readonly port?: number | undefined;
  readonly keys?: readonly AccessKey[] | undefined;
  readonly statePath?: string | undefined;
  readonly seed?: 'demo' | undefined;
  readonly speed?: number | undefined;
  /** `process` runs containers' commands as local processes (opt-in: it runs template commands on this machine). */
  readonly runtime?: ContainerRuntimeMode | undefined;
  readonly quota?: number | undefined;
  readonly templateApi?: boolean | undefined;
  readonly faults?: Partial<Faults> | undefined;
  /** Where exec sessions get their per-container working directories (a temporary folder by default). */
  readonly workRoot?: string | undefined;
  readonly now?: (() => number) | undefined;
  readonly random?: (() => number) | undefined;
  /**
   * Where the emulator says, in one line, what goes wrong while it runs: a state file it cannot write (and that it
   * can again). Standard error by default.
   */
  readonly report?: ((line: string) => void) | undefined;
}

/** Parameters every signed request carries; they are not the operation's own. */
const COMMON = new Set([
  'Action',
  'Format',
  'Version',
  'AccessKeyId',
  'SignatureMethod',
  'SignatureVersion',
  'SignatureNonce',
  'SignatureType',
  'Timestamp',
  'Signature',
  'SecurityToken',
]);
const MAX_BODY = 4 * 1024 * 1024;
/**
 * How much more of a body over MAX_BODY is read (and dropped) before the 413 is sent anyway: reading a client's body
 * to its end before answering is what lets a client that is still sending see the answer, not a reset connection.
 */
const MAX_DROPPED = 16 * MAX_BODY;
const HOST_ID = 'eci.emulator.local';

/**
 * The local ECI emulator: an HTTP server speaking the ECI RPC API (V1 and V3 signatures) and the exec WebSocket,
 * bound to loopback by default. `Emulator.start()` resolves once it listens.
 */
export class Emulator {
  readonly faults: Faults;
  /** Authorizes the admin endpoint (`POST /__emulator/faults`), used by the emulator's CLI and tests only. */
  readonly adminToken = randomBytes(16).toString('hex');
  readonly api: EmulatorApi;
  /** Requests accepted, by signature version (for diagnostics and tests). */
  readonly signatures = { v1: 0, v3: 0 };
  private readonly auth: Authenticator;
  /** STS's AssumeRole: temporary keys for RAM roles (src/emulator/sts.ts). */
  readonly sts: StsService;
  /** The ECS metadata service, a credentials URI and CloudSSO's portal (src/emulator/credential-services.ts). */
  readonly credentialServices: CredentialServices;
  /** JD Cloud's Native Container API, under /v1/ (the second provider). */
  private readonly jdcloudContainer: JdcloudService;
  private readonly store: StateStore;
  private readonly exec: ExecSessions;
  private readonly processes: ProcessRuntime | undefined;
  private readonly server: Server;
  private readonly random: () => number;
  private readonly clock: Clock;
  private readonly ownedWorkRoot: string | undefined;
  private faultToggle = false;
  private stateWritten = true;

  private constructor(readonly options: EmulatorOptions) {
    const now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.faults = { latencyMs: 0, faultRate: 0, dropAfterCommitRate: 0, ...options.faults };
    this.auth = new Authenticator(options.keys ?? [DEMO_KEY], now);
    // Before anything else: a state file that cannot be used is refused here, before the emulator listens.
    this.store = StateStore.load(
      options.statePath,
      options.report ?? ((line) => void process.stderr.write(`eci emulator: ${line}\n`)),
    );
    this.ownedWorkRoot = options.workRoot === undefined ? mkdtempSync(join(tmpdir(), 'eci-emulator-')) : undefined;
    const workRoot = options.workRoot ?? this.ownedWorkRoot ?? tmpdir();
    this.exec = new ExecSessions(workRoot, now);
    const clock = new Clock(options.speed ?? 1, now, options.runtime ?? 'scripted');
    this.clock = clock;
    this.sts = new StsService(clock, this.auth);
    this.credentialServices = new CredentialServices(clock, this.sts);
    this.store.data.jdcloudContainer ??= emptyJdcloudState();
    // JD Cloud's containers move through their transitional states on the same clock as ECI's groups (--speed).
    this.jdcloudContainer = new JdcloudService(
      options.keys ?? [DEMO_KEY],
      clock,
      { sessions: this.exec, workRoot },
      this.store.data.jdcloudContainer,
      () => this.store.changed(),
    );
    this.api = new EmulatorApi(this.store.data, {
      clock,
      quota: options.quota ?? 5000,
      templateApi: options.templateApi ?? true,
      execUri: (session) => {
        const group = this.store.data.groups[session.groupId];
        if (group === undefined)
          throw new ApiError(
            404,
            'InvalidParameter.NotFound',
            `The container group ${session.groupId} does not exist.`,
          );
        const token = this.exec.create({
          group,
          container: session.container,
          command: session.command,
          tty: session.tty,
          stdin: session.stdin,
        });
        return `${this.url.replace(/^http/, 'ws')}/exec/?s=${token}`;
      },
      runSync: ({ group, container, command }) => this.exec.runSync(group, container, command),
      onChange: () => this.store.changed(),
      capturedLines: (group, container, startedAt) => this.processes?.linesOf(group, container, startedAt),
    });
    this.processes =
      options.runtime === 'process'
        ? new ProcessRuntime(this.store.data, clock, this.exec, () => this.store.changed())
        : undefined;
    if (options.seed === 'demo' && Object.keys(this.store.data.groups).length === 0)
      seedDemo(this.api, this.store.data, clock);
    if (options.seed === 'demo' && this.jdcloudContainer.isEmpty) this.jdcloudContainer.seedDemo();
    this.server = createServer((request, response) => void this.handle(request, response));
    this.server.keepAliveTimeout = 65_000;
    // A client that waits for "100 Continue" before it sends a body too large is answered 413 at once: it then sends
    // none, and closing the connection after the answer loses nothing.
    this.server.on('checkContinue', (request: IncomingMessage, response: ServerResponse) => {
      if (declaredLength(request) > MAX_BODY) {
        void this.handle(request, response, true);
        return;
      }
      response.writeContinue();
      void this.handle(request, response);
    });
    this.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.upgrade(request, socket, head),
    );
  }

  static async start(options: EmulatorOptions = {}): Promise<Emulator> {
    const emulator = new Emulator(options);
    try {
      await new Promise<void>((resolve, reject) => {
        emulator.server.once('error', reject);
        emulator.server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
      });
    } catch (error) {
      // It never listened (the port is taken): nothing it did is kept, and the state file stays as it was.
      emulator.abandon();
      throw error;
    }
    return emulator;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    const host = this.options.host ?? '127.0.0.1';
    return `http://${host.includes(':') ? `[${host}]` : host}:${this.port}`;
  }

  /**
   * Every line a container printed, instance by instance, oldest first, as the emulator produced them: what a log
   * follower must deliver, exactly. For tests and benchmarks; the API itself gives at most 2,000 lines a call.
   */
  producedLines(groupId: string, containerName: string): { timestamp: string; text: string }[] {
    const group = this.store.data.groups[groupId];
    const container = group?.spec.Containers.find((c) => c.Name === containerName);
    const runtime = group?.runtimes.find((r) => r.name === containerName);
    if (group === undefined || container === undefined || runtime === undefined) return [];
    const secondMs = this.clock.span(1);
    return runtime.instances.flatMap((instance) =>
      instanceLines(container, instance, 0, this.clock.now() + 1, Number.MAX_SAFE_INTEGER, secondMs).map((line) => ({
        timestamp: rfc3339Nano(line),
        text: line.text,
      })),
    );
  }

  /** False when the state file could not be written at close (the failure was reported): the changes since are lost. */
  get stateSaved(): boolean {
    return this.stateWritten;
  }

  /**
   * Stops serving and writes the state file a last time. It always finishes: a state file that cannot be written is
   * reported (see `stateSaved`), never thrown, so that the server is closed whatever happened to the file.
   */
  async close(): Promise<void> {
    this.processes?.close();
    this.exec.close();
    this.jdcloudContainer.close();
    this.stateWritten = this.store.flush(true);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    if (this.ownedWorkRoot !== undefined) rmSync(this.ownedWorkRoot, { recursive: true, force: true });
  }

  /** Undoes what the constructor started, for an emulator that never listened; the state file is not written. */
  private abandon(): void {
    this.store.discard();
    this.processes?.close();
    this.exec.close();
    this.jdcloudContainer.close();
    if (this.ownedWorkRoot !== undefined) rmSync(this.ownedWorkRoot, { recursive: true, force: true });
  }

  /**
   * A WebSocket handshake: ECI's exec socket or JD Cloud's, by the path of its target (absolute-form too). Every
   * handshake is answered: one that is not for a socket, or whose target is not a path, gets an error in the API's
   * shape rather than a closed connection.
   */
  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    // The server stops watching the socket once it is handed over: a reset would otherwise be an uncaught error.
    socket.on('error', () => socket.destroy());
    const raw = request.url ?? '/';
    const kind = apiOf(raw);
    const refuse = (status: number, eciCode: string, message: string): void => {
      const body = JSON.stringify(errorBody(kind, status, eciCode, message));
      socket.end(
        `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
          'Content-Type: application/json;charset=utf-8\r\n' +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    };
    try {
      const target = originForm(raw);
      if (target === undefined) {
        refuse(400, 'InvalidParameter', badTarget(raw));
        return;
      }
      // The exec handlers read the target themselves: they get it as a path, whichever form it came in.
      request.url = target;
      const path = pathOf(target);
      if (path.startsWith('/exec/')) this.exec.upgrade(request, socket, head);
      else if (path.startsWith('/v1/')) this.jdcloudContainer.upgrade(request, socket, head);
      else refuse(404, 'InvalidAction', `No WebSocket is served at ${path}; exec sockets are at /exec/ and /v1/.`);
    } catch (error) {
      refuse(500, 'InternalError', `The emulator failed: ${(error as Error).message}`);
    }
  }

  private async handle(request: IncomingMessage, response: ServerResponse, tooLarge = false): Promise<void> {
    const id = requestId();
    const raw = request.url ?? '/';
    let kind = apiOf(raw);
    const reply = (status: number, body: Record<string, unknown>, close = false): void => {
      const text = JSON.stringify({ RequestId: id, ...body });
      response.writeHead(status, {
        'content-type': 'application/json;charset=utf-8',
        'x-acs-request-id': id,
        ...(close ? { connection: 'close' } : {}),
      });
      response.end(text);
    };
    const replyError = (error: ApiError, close = false): void =>
      reply(error.status, errorBody('eci', error.status, error.code, error.message, id), close);
    /** An error in the shape of the API the request was for, before either has looked at it. */
    const refuse = (status: number, eciCode: string, message: string, close = false): void => {
      if (kind === 'eci') {
        replyError(new ApiError(status, eciCode, message), close);
        return;
      }
      response.writeHead(status, {
        'content-type': 'application/json;charset=utf-8',
        ...(close ? { connection: 'close' } : {}),
      });
      response.end(JSON.stringify(errorBody(kind, status, eciCode, message)));
    };
    try {
      const target = originForm(raw);
      if (target === undefined) {
        refuse(400, 'InvalidParameter', badTarget(raw));
        return;
      }
      const url = new URL(`http://localhost${target}`);
      kind = url.pathname.startsWith('/v1/') ? 'jdcloud' : 'eci';
      const body = tooLarge ? undefined : await readBody(request);
      if (body === undefined) {
        // The whole body has been read (or the client was told before sending it): closing after the answer loses
        // nothing the client could still read.
        refuse(413, 'InvalidParameter.LengthExceeded', `The request body is larger than ${MAX_BODY} bytes.`, true);
        return;
      }
      if (url.pathname === '/__emulator/faults') {
        this.admin(request, body, reply);
        return;
      }
      if (url.pathname.startsWith('/v1/')) {
        const headers = requestHeaders(request);
        // The same faults as ECI's, in JD Cloud's terms and, as there, before anything is carried out: latency, then
        // throttling or unavailability.
        if (this.faults.latencyMs > 0) await new Promise((r) => setTimeout(r, this.faults.latencyMs));
        let answer: { status: number; body: unknown };
        if (this.faults.faultRate > 0 && this.random() < this.faults.faultRate) {
          this.faultToggle = !this.faultToggle;
          const [code, status, message] = this.faultToggle
            ? ([429, 'TOO_MANY_REQUESTS', 'Requests are being throttled.'] as const)
            : ([503, 'UNAVAILABLE', 'The service is unavailable; try again.'] as const);
          answer = { status: code, body: { requestId: id, error: { code, status, message } } };
        } else {
          answer = this.jdcloudContainer.handle({
            method: request.method ?? 'GET',
            url: target,
            headers,
            body: body.toString('utf8'),
          });
        }
        response.writeHead(answer.status, { 'content-type': 'application/json;charset=utf-8' });
        response.end(JSON.stringify(answer.body));
        return;
      }
      const served = this.credentialServices.handle(request.method ?? 'GET', url, requestHeaders(request), body, id);
      if (served !== undefined) {
        // The same latency and unavailability as the API's, so that a failed refresh can be tried.
        if (this.faults.latencyMs > 0) await new Promise((r) => setTimeout(r, this.faults.latencyMs));
        const answer =
          this.faults.faultRate > 0 && this.random() < this.faults.faultRate
            ? CredentialServices.unavailable(id)
            : served;
        response.writeHead(answer.status, { 'content-type': answer.contentType, 'x-acs-request-id': id });
        response.end(answer.body);
        return;
      }
      if (url.pathname !== '/')
        throw new ApiError(
          404,
          'InvalidAction',
          `Nothing is served at ${url.pathname}; the ECI API answers at / (and JD Cloud's Native Container API at /v1/, the credential services at /ecs-metadata/, /credentials-uri and /cloud-credentials).`,
        );
      if (request.method !== 'GET' && request.method !== 'POST')
        throw new ApiError(403, 'UnsupportedHTTPMethod', 'This http method is not supported.');
      const query: Record<string, string> = {};
      for (const [key, value] of url.searchParams) query[key] = value;
      const params: Record<string, string> = { ...query };
      if ((request.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) {
        for (const [key, value] of new URLSearchParams(body.toString('utf8'))) params[key] = value;
      }
      const headers = requestHeaders(request);

      if (this.faults.latencyMs > 0) await new Promise((r) => setTimeout(r, this.faults.latencyMs));
      if (this.faults.faultRate > 0 && this.random() < this.faults.faultRate) {
        this.faultToggle = !this.faultToggle;
        throw this.faultToggle
          ? new ApiError(
              400,
              'Throttling',
              'You have made too many requests within a short time; your request is denied due to request throttling.',
            )
          : new ApiError(503, 'ServiceUnavailable', 'A server error occurred while processing your request.');
      }
      // STS's AssumeRoleWithOIDC is not signed: the OIDC token is the proof (src/emulator/sts.ts checks it).
      if (params['Action'] === 'AssumeRoleWithOIDC') {
        if (params['Version'] !== STS_API_VERSION)
          throw new ApiError(
            400,
            'InvalidVersion',
            `Specified parameter Version is not valid: "${params['Version'] ?? ''}"; this API is version ${STS_API_VERSION}.`,
          );
        const operationParams: Record<string, string> = {};
        for (const [key, value] of Object.entries(params)) if (!COMMON.has(key)) operationParams[key] = value;
        reply(200, this.sts.assumeRoleWithOidc(operationParams));
        return;
      }
      const caller = this.auth.authenticate({
        method: request.method,
        pathname: url.pathname,
        query,
        params,
        headers,
        body,
      });
      this.signatures[caller.signatureVersion] += 1;
      const operationParams: Record<string, string> = {};
      for (const [key, value] of Object.entries(params)) if (!COMMON.has(key)) operationParams[key] = value;
      // Every key belongs to the one emulated account.
      const result =
        caller.action === 'AssumeRole'
          ? this.sts.assumeRole(operationParams)
          : await this.api.handle(caller.action, operationParams, 'account');
      if (
        this.faults.dropAfterCommitRate > 0 &&
        /^(Create|Update|Delete|Restart)/.test(caller.action) &&
        this.random() < this.faults.dropAfterCommitRate
      ) {
        request.socket.destroy();
        return;
      }
      reply(200, result);
    } catch (error) {
      // The client went away while its body was read: there is no one to answer.
      if (request.destroyed && !request.complete) return;
      if (error instanceof ApiError && kind === 'eci') replyError(error);
      else if (error instanceof ApiError) refuse(error.status, error.code, error.message);
      else refuse(500, 'InternalError', `The emulator failed: ${(error as Error).message}`);
    }
  }

  private admin(
    request: IncomingMessage,
    body: Buffer,
    reply: (status: number, body: Record<string, unknown>) => void,
  ): void {
    if (request.headers['x-emulator-admin-token'] !== this.adminToken)
      throw new ApiError(403, 'Forbidden', 'The admin token is missing or wrong.');
    if (request.method === 'POST') {
      let update: Partial<Faults>;
      try {
        update = JSON.parse(body.toString('utf8')) as Partial<Faults>;
      } catch {
        throw new ApiError(
          400,
          'InvalidParameter',
          'The body must be JSON: {"latencyMs":…,"faultRate":…,"dropAfterCommitRate":…}.',
        );
      }
      for (const key of ['latencyMs', 'faultRate', 'dropAfterCommitRate'] as const) {
        const value = update[key];
        if (value === undefined) continue;
        if (typeof value !== 'number' || value < 0 || (key !== 'latencyMs' && value > 1))
          throw new ApiError(400, 'InvalidParameter', `${key} is out of range.`);
        this.faults[key] = value;
      }
    }
    reply(200, { Faults: { ...this.faults } });
  }
}

/** Which API a request target is for, by its path: JD Cloud's under /v1/, ECI's otherwise. */
function apiOf(target: string): 'eci' | 'jdcloud' {
  return /^(?:[a-z][a-z0-9+.-]*:\/\/[^/?#]*)?\/v1\//i.test(target) ? 'jdcloud' : 'eci';
}

/**
 * A request target as a path and query. Origin-form (`/v1/…?…`) is that already; absolute-form (`http://host/v1/…`,
 * legal in HTTP/1.1, what a client sends to a proxy) is taken by its path and query, as written (the host is the
 * emulator's, whatever it says). Anything else (`*`, another scheme) is undefined: the request is refused.
 */
function originForm(target: string): string | undefined {
  if (target.startsWith('/')) return target;
  const absolute = /^https?:\/\/[^/?#]*([^#]*)/i.exec(target);
  if (absolute === null) return undefined;
  const rest = absolute[1] ?? '';
  return rest.startsWith('/') ? rest : `/${rest}`;
}

function pathOf(target: string): string {
  const query = target.indexOf('?');
  return query === -1 ? target : target.slice(0, query);
}

function badTarget(target: string): string {
  return (
    `The request target ${JSON.stringify(target.length > 80 ? `${target.slice(0, 79)}…` : target)} is not a path ` +
    '(/…) nor an http URL.'
  );
}

/**
 * An error answer's body in the shape of its API: ECI's `{RequestId, HostId, Code, Message, Recommend}`, or JD
 * Cloud's `{requestId, error: {code, status, message}}`.
 */
function errorBody(
  kind: 'eci' | 'jdcloud',
  status: number,
  eciCode: string,
  message: string,
  id = requestId(),
): Record<string, unknown> {
  if (kind === 'eci')
    return {
      RequestId: id,
      HostId: HOST_ID,
      Code: eciCode,
      Message: message,
      Recommend: `https://api.alibabacloud.com/troubleshoot?q=${encodeURIComponent(eciCode)}&product=Eci&requestId=${id}`,
    };
  // INVALID_ARGUMENT, JD Cloud's word for a request it refuses as sent; the HTTP code says what (400: the target,
  // 413: the body). INTERNAL for a fault of the emulator's own.
  const error = status >= 500 ? internal(message) : new JdcloudError(status, 'INVALID_ARGUMENT', message);
  return {
    requestId: randomBytes(16).toString('hex'),
    error: { code: error.code, status: error.status, message: error.message },
  };
}

/** The Content-Length a request announces (0 when none; chunked bodies are counted as they come). */
function declaredLength(request: IncomingMessage): number {
  const length = Number(request.headers['content-length']);
  return Number.isFinite(length) ? length : 0;
}

/**
 * The request's body, or undefined when it is larger than MAX_BODY. A body too large is still read to its end and
 * dropped (up to MAX_DROPPED more), so that the 413 reaches a client that is still sending.
 */
function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = declaredLength(request) > MAX_BODY;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
      else if (size > MAX_BODY + MAX_DROPPED) resolve(undefined); // enough: answer now, and close after
    });
    request.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    request.on('error', reject);
    request.on('close', () => {
      if (!request.complete) reject(new Error('The client closed the connection.'));
    });
  });
}
