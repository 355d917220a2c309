import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AccessKey } from '../auth';
import { Clock } from '../lifecycle';
import { requestHeaders } from '../request-headers';
import { JdcloudApi } from './api';
import { JdcloudAuthenticator } from './auth';
import { internal, JdcloudError } from './errors';
import type { JdcloudTerminals } from './exec';
import { JdcloudExecs } from './exec';
import type { JdcloudState } from './model';
import { emptyJdcloudState } from './model';
import { decodedPath } from './params';
import { seedDemo } from './seed';

export type { ElasticIpModel, JdcloudContainerModel, JdcloudState, SecretModel } from './model';
export { emptyJdcloudState } from './model';

/**
 * The emulator's JD Cloud Native Container API (eci-api.md §8), served beside ECI's under `/v1/`: JDCLOUD2
 * signatures verified the way JD Cloud does (auth.ts), one route per operation (api.ts), containers that take a few
 * emulated seconds to be created, started, stopped and rebuilt (lifecycle.ts), exec WebSockets (exec.ts), logs
 * (logs.ts) and demo data (seed.ts); answers in the `{requestId, result, error}` envelope.
 */
export interface JdcloudRequest {
  readonly method: string;
  /** Path and query as received. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface JdcloudAnswer {
  readonly status: number;
  readonly body: {
    readonly requestId: string;
    readonly result?: unknown;
    readonly error?: { code: number; status: string; message: string };
  };
}

export class JdcloudService {
  private readonly clock: Clock;
  private readonly auth: JdcloudAuthenticator;
  private readonly execs: JdcloudExecs;
  private readonly api: JdcloudApi;

  constructor(
    keys: readonly AccessKey[],
    /** The emulator's clock (its `--speed`); a bare time source runs at speed 1. */
    clock: Clock | (() => number) = Date.now,
    /** Runs exec commands as real processes, as ECI's exec does. */
    terminals?: JdcloudTerminals,
    /**
     * Containers, secrets and client tokens: the emulator's state file keeps them (execs live only as long as the
     * process).
     */
    state: JdcloudState = emptyJdcloudState(),
    private readonly onChange: () => void = () => undefined,
  ) {
    this.clock = clock instanceof Clock ? clock : new Clock(1, clock);
    this.auth = new JdcloudAuthenticator(keys, () => this.clock.now());
    this.execs = new JdcloudExecs(terminals);
    this.api = new JdcloudApi(state, this.clock, this.execs);
  }

  /** No container and no secret yet (a fresh state, where the demo data goes). */
  get isEmpty(): boolean {
    return this.api.records.isEmpty;
  }

  /** `GET …/containers/{id}:execStart?execId=…` upgraded to a WebSocket (exec.ts). */
  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const headers = requestHeaders(request);
    this.execs.upgrade(
      request,
      socket,
      head,
      (url) => this.auth.check({ method: 'GET', headers, body: '' }, url),
      (regionId, containerId) => {
        this.advance();
        return this.api.records.container(regionId, containerId);
      },
    );
  }

  /**
   * One call: its path read (a malformed escape is refused before anything else), its signature and nonce checked,
   * then its route. Whatever the request, the answer is JD Cloud's envelope; INTERNAL only for a fault of the
   * emulator's own.
   */
  handle(request: JdcloudRequest): JdcloudAnswer {
    const requestId = randomBytes(16).toString('hex');
    try {
      const url = new URL(request.url, 'http://localhost');
      decodedPath(url.pathname);
      this.auth.check(request, url);
      this.advance();
      const result = this.api.call(request.method, url, request.body);
      if (request.method !== 'GET') this.onChange();
      return { status: 200, body: { requestId, result } };
    } catch (error) {
      const e = error instanceof JdcloudError ? error : internal(`The emulator failed: ${(error as Error).message}`);
      return { status: e.code, body: { requestId, error: { code: e.code, status: e.status, message: e.message } } };
    }
  }

  /** Demo data (seed.ts). */
  seedDemo(): void {
    seedDemo(this.api, this.clock.now());
  }

  close(): void {
    this.execs.close();
  }

  /** Every container's status brought up to date; the state file is told when one changed. */
  private advance(): void {
    if (this.api.advance()) this.onChange();
  }
}
