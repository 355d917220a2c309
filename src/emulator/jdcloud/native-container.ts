import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { AccessKey } from '../auth';
import type { ExecSessions, RunningTerminal } from '../exec';
import { requestHeaders } from '../request-headers';
import type { DiskSizes } from '../../jdcloud/disk-sizes';
import { DATA_DISK_SIZES, fitsDiskSize, SYSTEM_DISK_SIZES } from '../../jdcloud/disk-sizes';
import { JDCLOUD2_ALGORITHM, signJdcloudRequest } from '../../jdcloud/signing';

/**
 * The emulator's JD Cloud Native Container API (eci-api.md §8), served beside ECI's under `/v1/`: JDCLOUD2
 * signatures verified the way JD Cloud does, answers in the `{requestId, result, error}` envelope, and the seed's
 * rules as errors. This first part covers containers' create, list, describe, start, stop and delete.
 */
export interface JdRequest {
  readonly method: string;
  /** Path and query as received. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface JdAnswer {
  readonly status: number;
  readonly body: {
    readonly requestId: string;
    readonly result?: unknown;
    readonly error?: { code: number; status: string; message: string };
  };
}

class JdError extends Error {
  constructor(
    readonly code: number,
    readonly status: string,
    message: string,
  ) {
    super(message);
  }
}

const invalid = (message: string): JdError => new JdError(400, 'INVALID_ARGUMENT', message);
const SKEW_MS = 15 * 60_000;
const HOSTNAME_LABEL = /^(?!-)[0-9a-z-]{1,63}(?<!-)$/i;

export interface ContainerModel {
  containerId: string;
  name: string;
  status: 'pending' | 'running' | 'stopping' | 'stopped' | 'error';
  image: string;
  instanceType: string;
  az: string;
  hostname: string;
  privateIpAddress: string;
  description: string;
  launchTime: string;
  regionId: string;
  elasticIpId: string;
  elasticIpAddress: string;
  /** Starts of its process (each start is a new instance): what getLogs prints is derived from it. */
  instance: number;
  /** When the current instance started and, once stopped, when it stopped (ms). */
  startedAt: number;
  stoppedAt: number | undefined;
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

export interface SecretModel {
  name: string;
  secretType: string;
  data: { server: string; username: string; password: string; email?: string | undefined };
  createdTime: string;
  regionId: string;
}

/** An elastic IP of the account: its address stays its own whichever container it is on (or none). */
export interface ElasticIpModel {
  elasticIpId: string;
  elasticIpAddress: string;
  regionId: string;
}

const QUOTA = { container: 100, secret: 20 } as const;

/** What the Native Container API keeps, as plain JSON so that the emulator's `--state` file holds it with ECI's. */
export interface NativeContainerState {
  containers: Record<string, ContainerModel>;
  secrets: Record<string, SecretModel>;
  clientTokens: Record<string, string[]>;
  nextIp: number;
  nextEip: number;
  /** The account's elastic IPs, each made with a container or first named by an associate (absent in older state files). */
  elasticIps?: Record<string, ElasticIpModel>;
}

export function emptyNativeContainerState(): NativeContainerState {
  return { containers: {}, secrets: {}, clientTokens: {}, nextIp: 2, nextEip: 1, elasticIps: {} };
}

/** A Map's few methods over a plain record (the state's), so that what is kept stays JSON. */
class RecordMap<V> {
  constructor(private readonly record: Record<string, V>) {}
  get(key: string): V | undefined {
    return Object.prototype.hasOwnProperty.call(this.record, key) ? this.record[key] : undefined;
  }
  has(key: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.record, key);
  }
  set(key: string, value: V): void {
    this.record[key] = value;
  }
  delete(key: string): void {
    delete this.record[key];
  }
  values(): V[] {
    return Object.values(this.record);
  }
}

export class NativeContainerApi {
  private readonly containers: RecordMap<ContainerModel>;
  private readonly clientTokens: RecordMap<string[]>;
  private readonly secrets: RecordMap<SecretModel>;
  private readonly elasticIps: RecordMap<ElasticIpModel>;
  private readonly execs = new Map<string, ExecModel>();
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });

  constructor(
    private readonly keys: readonly AccessKey[],
    private readonly now: () => number = Date.now,
    /** Runs exec commands as real processes, as ECI's exec does. */
    private readonly terminals?: { readonly sessions: ExecSessions; readonly workRoot: string },
    /** Containers, secrets and client tokens: the emulator's state file keeps them (execs live only as long as the process). */
    private readonly state: NativeContainerState = emptyNativeContainerState(),
    private readonly onChange: () => void = () => undefined,
  ) {
    this.containers = new RecordMap(state.containers);
    this.clientTokens = new RecordMap(state.clientTokens);
    this.secrets = new RecordMap(state.secrets);
    this.elasticIps = new RecordMap((state.elasticIps ??= {}));
  }

  /** No container and no secret yet (a fresh state, where the demo data goes). */
  get isEmpty(): boolean {
    return this.containers.values().length === 0 && this.secrets.values().length === 0;
  }

  /**
   * `GET …/containers/{id}:execStart?execId=…` upgraded to a WebSocket, signed like any call (eci-api.md §8): stdin
   * comes as binary frames with no channel byte; output goes as JSON text frames `{"streamType","output"}`; the
   * socket closes when the command exits, whose code execGetExitCode then gives.
   */
  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const headers = requestHeaders(request);
    const refuse = (status: number, message: string): void => {
      socket.end(`HTTP/1.1 ${status} Refused\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${message}\n`);
    };
    let exec: ExecModel;
    try {
      const url = new URL(request.url ?? '/', 'http://localhost');
      this.authenticate({ method: 'GET', url: request.url ?? '/', headers, body: '' }, url);
      const match = /^\/v1\/regions\/([a-z0-9-]+)\/containers\/([^/:]+):execStart$/.exec(
        decodeURIComponent(url.pathname),
      );
      const found = this.execs.get(url.searchParams.get('execId') ?? '');
      if (match === null || found === undefined || found.containerId !== match[2])
        throw new JdError(404, 'NOT_FOUND', 'No such exec.');
      if (found.started) throw new JdError(400, 'FAILED_PRECONDITION', `The exec ${found.execId} was started already.`);
      const container = this.find(match[1] ?? '', found.containerId);
      if (container.status !== 'running')
        throw new JdError(400, 'FAILED_PRECONDITION', `The container ${container.containerId} is ${container.status}.`);
      if (this.terminals === undefined) throw new JdError(501, 'UNIMPLEMENTED', 'This emulator runs no processes.');
      exec = found;
    } catch (error) {
      refuse(error instanceof JdError ? error.code : 500, error instanceof Error ? error.message : String(error));
      return;
    }
    exec.started = true;
    const terminals = this.terminals;
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      const cwd = join(terminals.workRoot, 'jdcloud', exec.containerId);
      mkdirSync(cwd, { recursive: true });
      const env = {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        HOME: cwd,
        LANG: 'C.UTF-8',
        TERM: 'xterm-256color',
        HOSTNAME: exec.containerId,
      };
      exec.terminal = terminals.sessions.start({ cwd, env }, exec.command, exec.tty, {
        output: (data, stream) => {
          if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ streamType: stream, output: data.toString('utf8') }));
        },
        exit: (exitCode) => {
          exec.exitCode ??= exitCode;
          exec.terminal = undefined;
          if (ws.readyState === ws.OPEN) ws.close(1000);
        },
      });
      ws.on('message', (data: Buffer) => exec.terminal?.write(data));
      ws.on('close', () => exec.terminal?.hangUp());
      ws.on('error', () => exec.terminal?.hangUp());
    });
  }

  handle(request: JdRequest): JdAnswer {
    const requestId = randomBytes(16).toString('hex');
    try {
      const url = new URL(request.url, 'http://localhost');
      this.authenticate(request, url);
      const match = /^\/v1\/regions\/([a-z0-9-]+)\/(containers|secrets|quotas)(?:\/([^/:]+))?(?::([a-zA-Z]+))?$/.exec(
        decodeURIComponent(url.pathname),
      );
      if (match === null) throw new JdError(404, 'NOT_FOUND', `Nothing is served at ${url.pathname}.`);
      const [, regionId = '', collection = '', id, action] = match;
      const body = request.body === '' ? {} : (JSON.parse(request.body) as Record<string, unknown>);
      const result =
        collection === 'secrets'
          ? this.secretsRoute(request.method, regionId, id, url.searchParams, body)
          : collection === 'quotas'
            ? this.quotas(regionId)
            : this.route(request.method, regionId, id, action, url.searchParams, body);
      if (request.method !== 'GET') this.onChange();
      return { status: 200, body: { requestId, result } };
    } catch (error) {
      const e =
        error instanceof JdError
          ? error
          : error instanceof SyntaxError
            ? invalid('The body is not JSON.')
            : new JdError(500, 'INTERNAL', `The emulator failed: ${(error as Error).message}`);
      return { status: e.code, body: { requestId, error: { code: e.code, status: e.status, message: e.message } } };
    }
  }

  /**
   * Demo data: in cn-north-1 a web server with an elastic IP, an API, a stopped worker and a registry secret; in
   * cn-east-2 one more container. Backdated ten minutes, so that their logs have history.
   */
  seedDemo(): void {
    const network = (subnetId: string): Record<string, unknown> => ({
      networkInterface: { subnetId, securityGroups: ['sg-demo'] },
    });
    const create = (
      regionId: string,
      az: string,
      name: string,
      image: string,
      extra: Record<string, unknown> = {},
    ): string => {
      const [id = ''] = this.create(regionId, {
        containerSpec: {
          instanceType: 'n.c1.medium',
          az,
          name,
          image,
          hostname: name,
          primaryNetworkInterface: network(`subnet-${az}`),
          ...extra,
        },
      }).containerIds;
      const container = this.containers.get(id);
      if (container !== undefined) container.startedAt -= 600_000;
      return id;
    };
    create('cn-north-1', 'cn-north-1a', 'web', 'nginx:1.27-alpine', { elasticIp: { bandwidthMbps: 5 } });
    create('cn-north-1', 'cn-north-1a', 'api', 'node:20-alpine');
    const worker = this.containers.get(create('cn-north-1', 'cn-north-1b', 'worker', 'busybox:1.36'));
    if (worker !== undefined) {
      worker.status = 'stopped';
      worker.stoppedAt = worker.startedAt + 120_000;
    }
    create('cn-east-2', 'cn-east-2a', 'shop', 'nginx:1.27-alpine');
    this.secretsRoute('POST', 'cn-north-1', undefined, new URLSearchParams(), {
      name: 'demo-registry',
      data: { server: 'registry.example.com', username: 'demo', password: 'demo-password' },
    });
  }

  close(): void {
    for (const exec of this.execs.values()) exec.terminal?.hangUp();
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
  }

  /** JDCLOUD2-HMAC-SHA256 as JD Cloud checks it: the signature recomputed over the signed headers, a fresh date. */
  private authenticate(request: JdRequest, url: URL): void {
    const authorization = request.headers['authorization'] ?? '';
    const parsed =
      /^JDCLOUD2-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/jdcloud2_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(
        authorization,
      );
    if (parsed === null)
      throw new JdError(401, 'UNAUTHENTICATED', `The Authorization header is missing or is not ${JDCLOUD2_ALGORITHM}.`);
    const [, accessKeyId = '', , regionId = '', service = '', signedHeaders = '', signature = ''] = parsed;
    const key = this.keys.find((k) => k.accessKeyId === accessKeyId);
    if (key === undefined) throw new JdError(401, 'UNAUTHENTICATED', `The AccessKey ${accessKeyId} does not exist.`);
    const date = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/.exec(request.headers['x-jdcloud-date'] ?? '');
    if (date === null) throw new JdError(401, 'UNAUTHENTICATED', 'x-jdcloud-date is missing or malformed.');
    const at = Date.UTC(
      Number(date[1]),
      Number(date[2]) - 1,
      Number(date[3]),
      Number(date[4]),
      Number(date[5]),
      Number(date[6]),
    );
    if (Math.abs(this.now() - at) > SKEW_MS)
      throw new JdError(401, 'UNAUTHENTICATED', 'The request time is more than 15 minutes from the server time.');
    const names = signedHeaders.split(';');
    if (!names.includes('host') || !names.includes('x-jdcloud-date') || !names.includes('x-jdcloud-nonce'))
      throw new JdError(401, 'UNAUTHENTICATED', 'host, x-jdcloud-date and x-jdcloud-nonce must be signed.');
    const headers: Record<string, string> = {};
    for (const name of names)
      if (!['host', 'x-jdcloud-date', 'x-jdcloud-nonce'].includes(name)) headers[name] = request.headers[name] ?? '';
    const expected = signJdcloudRequest(
      {
        method: request.method,
        url: new URL(`${url.pathname}${url.search}`, `http://${request.headers['host'] ?? ''}`),
        headers,
        body: request.body,
        regionId,
        service,
        date: new Date(at),
        nonce: request.headers['x-jdcloud-nonce'] ?? '',
      },
      { accessKeyId, accessKeySecret: key.accessKeySecret },
    ).headers['authorization'];
    const got = Buffer.from(signature);
    const want = Buffer.from(/Signature=([0-9a-f]{64})$/.exec(expected ?? '')?.[1] ?? '');
    if (got.length !== want.length || !timingSafeEqual(got, want))
      throw new JdError(401, 'UNAUTHENTICATED', 'The signature does not match.');
  }

  private route(
    method: string,
    regionId: string,
    containerId: string | undefined,
    action: string | undefined,
    query: URLSearchParams,
    body: Record<string, unknown>,
  ): unknown {
    if (containerId === undefined && method === 'POST') return this.create(regionId, body);
    if (containerId === undefined && method === 'GET') return this.list(regionId, query);
    const container = this.find(regionId, containerId ?? '');
    if (action === undefined && method === 'GET') return { container: view(container) };
    if (action === undefined && method === 'DELETE') {
      if (container.status === 'pending' || container.status === 'stopping')
        throw new JdError(
          400,
          'FAILED_PRECONDITION',
          `The container ${container.containerId} is ${container.status} and cannot be deleted now.`,
        );
      this.containers.delete(container.containerId);
      return {};
    }
    if (action === 'startContainer' && method === 'POST') {
      if (container.status !== 'stopped')
        throw new JdError(
          400,
          'FAILED_PRECONDITION',
          `Only a stopped container can be started; ${container.containerId} is ${container.status}.`,
        );
      container.status = 'running';
      container.instance++;
      container.startedAt = this.now();
      container.stoppedAt = undefined;
      return {};
    }
    if (action === 'stopContainer' && method === 'POST') {
      if (container.status !== 'running')
        throw new JdError(
          400,
          'FAILED_PRECONDITION',
          `Only a running container can be stopped; ${container.containerId} is ${container.status}.`,
        );
      container.status = 'stopped';
      container.stoppedAt = this.now();
      return {};
    }
    if (action === 'modifyContainerAttribute' && method === 'PATCH') {
      if (body['name'] !== undefined) container.name = requiredText(body, 'name');
      if (body['description'] !== undefined)
        container.description = typeof body['description'] === 'string' ? body['description'] : '';
      return {};
    }
    if (action === 'rebuildContainer' && method === 'POST') {
      if (container.status !== 'stopped')
        throw new JdError(
          400,
          'FAILED_PRECONDITION',
          `Only a stopped container can be rebuilt; ${container.containerId} is ${container.status}.`,
        );
      container.image = requiredText(body, 'image');
      return {};
    }
    if (action === 'associateElasticIp' && method === 'POST') {
      const elasticIpId = requiredText(body, 'elasticIpId');
      if (container.elasticIpId !== '')
        throw new JdError(
          400,
          'FAILED_PRECONDITION',
          `The primary network interface of ${container.containerId} already has the elastic IP ${container.elasticIpId}; one is allowed.`,
        );
      const holder = this.containers.values().find((c) => c.elasticIpId === elasticIpId);
      if (holder !== undefined)
        throw new JdError(
          400,
          'FAILED_PRECONDITION',
          `The elastic IP ${elasticIpId} is associated with ${holder.containerId}; disassociate it there first.`,
        );
      // An ID the emulator has not seen is taken as one of the account's (it cannot know them all): it gets an address.
      const eip = this.elasticIps.get(elasticIpId) ?? this.newElasticIp(regionId, elasticIpId);
      if (eip.regionId !== regionId)
        throw new JdError(404, 'NOT_FOUND', `The elastic IP ${elasticIpId} does not exist in ${regionId}.`);
      container.elasticIpId = eip.elasticIpId;
      container.elasticIpAddress = eip.elasticIpAddress;
      return {};
    }
    if (action === 'disassociateElasticIp' && method === 'POST') {
      const elasticIpId = requiredText(body, 'elasticIpId');
      if (container.elasticIpId !== elasticIpId)
        throw new JdError(
          400,
          'INVALID_ARGUMENT',
          `The elastic IP ${elasticIpId} is not associated with ${container.containerId}.`,
        );
      container.elasticIpId = '';
      container.elasticIpAddress = '';
      return {};
    }
    if (action === 'getLogs' && method === 'GET') return { logs: logsOf(container, query, this.now()) };
    if (action === 'execCreate' && method === 'POST') {
      const command = body['command'];
      if (!Array.isArray(command) || command.length === 0 || !command.every((part) => typeof part === 'string'))
        throw invalid('command must be a non-empty list of strings.');
      if (container.status !== 'running')
        throw new JdError(400, 'FAILED_PRECONDITION', `The container ${container.containerId} is ${container.status}.`);
      const execId = randomBytes(8).toString('hex');
      this.execs.set(execId, {
        execId,
        containerId: container.containerId,
        command: command as string[],
        tty: body['tty'] === true,
        started: false,
        exitCode: undefined,
        terminal: undefined,
      });
      return { execId };
    }
    if (action === 'execGetExitCode' && method === 'GET') {
      const exec = this.execs.get(query.get('execId') ?? '');
      if (exec === undefined || exec.containerId !== container.containerId)
        throw new JdError(404, 'NOT_FOUND', 'No such exec.');
      return { exitCode: exec.exitCode ?? null, running: exec.started && exec.exitCode === undefined };
    }
    if (action === 'resizeTTY' && method === 'POST') {
      const exec = this.execs.get(typeof body['execId'] === 'string' ? body['execId'] : '');
      if (exec === undefined || exec.containerId !== container.containerId)
        throw new JdError(404, 'NOT_FOUND', 'No such exec.');
      const { width, height } = body;
      if (typeof width !== 'number' || typeof height !== 'number' || width < 1 || height < 1)
        throw invalid('width and height must be positive numbers.');
      exec.terminal?.resize(width, height);
      return {};
    }
    throw new JdError(404, 'NOT_FOUND', `The operation ${action ?? method} is not served (yet) by the emulator.`);
  }

  private secretsRoute(
    method: string,
    regionId: string,
    name: string | undefined,
    query: URLSearchParams,
    body: Record<string, unknown>,
  ): unknown {
    if (name === undefined && method === 'POST') {
      const secretName = requiredText(body, 'name');
      if (this.secrets.has(`${regionId}/${secretName}`))
        throw new JdError(409, 'ALREADY_EXISTS', `The secret ${secretName} exists already.`);
      if (this.secrets.values().filter((x) => x.regionId === regionId).length >= QUOTA.secret)
        throw new JdError(400, 'QUOTA_EXCEEDED', `At most ${QUOTA.secret} secrets per region.`);
      const data = body['data'] as Record<string, unknown> | undefined;
      if (data === undefined || typeof data !== 'object')
        throw invalid('data {server, username, password} is required.');
      this.secrets.set(`${regionId}/${secretName}`, {
        name: secretName,
        secretType: typeof body['secretType'] === 'string' ? body['secretType'] : 'docker-registry',
        data: {
          server: requiredText(data, 'server'),
          username: requiredText(data, 'username'),
          password: requiredText(data, 'password'),
          email: typeof data['email'] === 'string' ? data['email'] : undefined,
        },
        createdTime: new Date(this.now()).toISOString(),
        regionId,
      });
      return { secretName };
    }
    if (name === undefined && method === 'GET') {
      const { pageNumber, pageSize } = paging(query);
      const all = this.secrets.values().filter((x) => x.regionId === regionId);
      return {
        secrets: all.slice((pageNumber - 1) * pageSize, pageNumber * pageSize).map(secretView),
        totalCount: all.length,
      };
    }
    const secret = this.secrets.get(`${regionId}/${name ?? ''}`);
    if (secret === undefined)
      throw new JdError(404, 'NOT_FOUND', `The secret ${name ?? ''} does not exist in ${regionId}.`);
    if (method === 'GET') return { secret: secretView(secret) };
    if (method === 'DELETE') {
      this.secrets.delete(`${regionId}/${secret.name}`);
      return {};
    }
    throw new JdError(404, 'NOT_FOUND', `${method} is not served on a secret.`);
  }

  private quotas(regionId: string): unknown {
    const containers = this.containers.values().filter((c) => c.regionId === regionId).length;
    const secrets = this.secrets.values().filter((x) => x.regionId === regionId).length;
    return {
      quotas: [
        { resourceType: 'container', limit: QUOTA.container, used: containers },
        { resourceType: 'secret', limit: QUOTA.secret, used: secrets },
      ],
    };
  }

  private find(regionId: string, containerId: string): ContainerModel {
    const container = this.containers.get(containerId);
    if (container === undefined || container.regionId !== regionId)
      throw new JdError(404, 'NOT_FOUND', `The container ${containerId} does not exist in ${regionId}.`);
    return container;
  }

  private create(regionId: string, body: Record<string, unknown>): { containerIds: string[] } {
    const token = typeof body['clientToken'] === 'string' ? body['clientToken'] : undefined;
    const known = token === undefined ? undefined : this.clientTokens.get(token);
    if (known !== undefined) return { containerIds: known };
    const spec = body['containerSpec'] as Record<string, unknown> | undefined;
    if (spec === undefined || typeof spec !== 'object') throw invalid('containerSpec is required.');
    const text = (name: string): string => {
      const value = spec[name];
      if (typeof value !== 'string' || value === '') throw invalid(`containerSpec.${name} is required.`);
      return value;
    };
    const maxCount = body['maxCount'] ?? 1;
    if (typeof maxCount !== 'number' || !Number.isInteger(maxCount) || maxCount < 1 || maxCount > 100)
      throw invalid('maxCount must be an integer from 1 to 100.');
    const hostname = typeof spec['hostname'] === 'string' ? spec['hostname'] : '';
    if (
      hostname !== '' &&
      (hostname.length > 63 || !hostname.split('.').every((label) => HOSTNAME_LABEL.test(label)))
    ) {
      throw invalid(
        `hostname "${hostname}": labels of letters, digits and hyphens, 1–63 characters, not starting or ending with a hyphen; at most 63 in all.`,
      );
    }
    const network = (
      spec['primaryNetworkInterface'] as
        { networkInterface?: { subnetId?: unknown; securityGroups?: unknown; primaryIpAddress?: unknown } } | undefined
    )?.networkInterface;
    if (typeof network?.subnetId !== 'string' || network.subnetId === '')
      throw invalid('containerSpec.primaryNetworkInterface.networkInterface.subnetId is required.');
    const groups = network.securityGroups ?? [];
    if (!Array.isArray(groups) || groups.length > 5) throw invalid('A network interface takes 1 to 5 security groups.');
    if (network.primaryIpAddress !== undefined && maxCount !== 1)
      throw invalid('primaryIpAddress can be given only with maxCount 1.');
    checkDisk(spec['rootVolume'], 'rootVolume', SYSTEM_DISK_SIZES);
    const dataVolumes = spec['dataVolumes'] ?? [];
    if (!Array.isArray(dataVolumes) || dataVolumes.length > 7) throw invalid('At most 7 data volumes.');
    dataVolumes.forEach((volume, i) => checkDisk(volume, `dataVolumes[${i}]`, DATA_DISK_SIZES));
    const eip = spec['elasticIp'] as { bandwidthMbps?: unknown } | undefined;
    if (
      eip !== undefined &&
      (typeof eip.bandwidthMbps !== 'number' ||
        !Number.isInteger(eip.bandwidthMbps) ||
        eip.bandwidthMbps < 1 ||
        eip.bandwidthMbps > 200)
    ) {
      throw invalid('elasticIp.bandwidthMbps must be an integer from 1 to 200 (Mbps).');
    }
    const used = this.containers.values().filter((c) => c.regionId === regionId).length;
    if (used + maxCount > QUOTA.container)
      throw new JdError(400, 'QUOTA_EXCEEDED', `At most ${QUOTA.container} containers per region; ${used} exist.`);
    const ids: string[] = [];
    for (let i = 0; i < maxCount; i++) {
      const containerId = `c-${randomBytes(5).toString('hex')}`;
      // An elastic IP asked for in the spec is a new one of the account's, on this container.
      const address =
        eip === undefined ? undefined : this.newElasticIp(regionId, `fip-${randomBytes(4).toString('hex')}`);
      this.containers.set(containerId, {
        containerId,
        name: text('name'),
        status: 'running',
        image: text('image'),
        instanceType: text('instanceType'),
        az: text('az'),
        hostname,
        privateIpAddress:
          typeof network.primaryIpAddress === 'string' ? network.primaryIpAddress : `10.0.0.${this.state.nextIp++}`,
        description: typeof spec['description'] === 'string' ? spec['description'] : '',
        launchTime: new Date(this.now()).toISOString(),
        regionId,
        elasticIpId: address?.elasticIpId ?? '',
        elasticIpAddress: address?.elasticIpAddress ?? '',
        instance: 1,
        startedAt: this.now(),
        stoppedAt: undefined,
      });
      ids.push(containerId);
    }
    if (token !== undefined) this.clientTokens.set(token, ids);
    return { containerIds: ids };
  }

  /** A new elastic IP of the account, with the next free-looking address. */
  private newElasticIp(regionId: string, elasticIpId: string): ElasticIpModel {
    const eip = { elasticIpId, elasticIpAddress: `114.67.0.${this.state.nextEip++ % 250}`, regionId };
    this.elasticIps.set(elasticIpId, eip);
    return eip;
  }

  private list(regionId: string, query: URLSearchParams): { containers: unknown[]; totalCount: number } {
    const { pageNumber, pageSize } = paging(query);
    const filters: { name: string; values: string[] }[] = [];
    for (let i = 1; query.has(`filters.${i}.name`); i++) {
      const values: string[] = [];
      for (let j = 1; query.has(`filters.${i}.values.${j}`); j++)
        values.push(query.get(`filters.${i}.values.${j}`) ?? '');
      filters.push({ name: query.get(`filters.${i}.name`) ?? '', values });
    }
    const matching = this.containers
      .values()
      .filter(
        (c) =>
          c.regionId === regionId &&
          filters.every((f) => f.values.includes(String((c as unknown as Record<string, unknown>)[f.name] ?? ''))),
      );
    return {
      containers: matching.slice((pageNumber - 1) * pageSize, pageNumber * pageSize).map(view),
      totalCount: matching.length,
    };
  }
}

function view(container: ContainerModel): Record<string, unknown> {
  const { regionId: _region, instance: _instance, ...shown } = container;
  return shown;
}

/** A secret as the API shows it: the registry password never leaves the server. */
function secretView(secret: SecretModel): Record<string, unknown> {
  return {
    name: secret.name,
    secretType: secret.secretType,
    createdTime: secret.createdTime,
    data: { server: secret.data.server, username: secret.data.username, email: secret.data.email },
  };
}

function requiredText(source: Record<string, unknown>, name: string): string {
  const value = source[name];
  if (typeof value !== 'string' || value === '') throw invalid(`${name} is required.`);
  return value;
}

function paging(query: URLSearchParams): { pageNumber: number; pageSize: number } {
  const pageNumber = Number(query.get('pageNumber') ?? 1);
  const pageSize = Number(query.get('pageSize') ?? 20);
  if (!Number.isInteger(pageNumber) || pageNumber < 1) throw invalid('pageNumber must be 1 or more.');
  if (!Number.isInteger(pageSize) || pageSize < 10 || pageSize > 100) throw invalid('pageSize must be from 10 to 100.');
  return { pageNumber, pageSize };
}

/** A cloud disk spec against the seed's sizes: a range by type, in steps of 10 GB. */
function checkDisk(volume: unknown, where: string, sizes: DiskSizes): void {
  if (volume === undefined) return;
  const disk = (volume as { cloudDiskSpec?: { diskType?: unknown; diskSizeGB?: unknown } }).cloudDiskSpec;
  if (disk === undefined) return;
  const range = typeof disk.diskType === 'string' ? sizes[disk.diskType] : undefined;
  if (range === undefined)
    throw invalid(`${where}.cloudDiskSpec.diskType must be one of ${Object.keys(sizes).join(', ')}.`);
  const size = disk.diskSizeGB;
  if (typeof size !== 'number' || !fitsDiskSize(range, size))
    throw invalid(
      `${where}: a ${String(disk.diskType)} disk is ${range[0]}–${range[1]} GB in steps of 10, not ${String(size)}.`,
    );
}

/**
 * What a container printed: a line a second while its current instance runs (the time is part of the text, as an
 * application would print it; getLogs itself has no timestamps), the newest `tailLines` of them since `sinceSeconds`,
 * cut to `limitBytes` from the start, as getLogs returns them.
 */
function logsOf(container: ContainerModel, query: URLSearchParams, now: number): string {
  const tail = Number(query.get('tailLines') ?? 100);
  const since = query.get('sinceSeconds') === null ? undefined : Number(query.get('sinceSeconds'));
  const limitBytes = Number(query.get('limitBytes') ?? 4096);
  if (!Number.isInteger(limitBytes) || limitBytes < 1 || limitBytes > 4096)
    throw invalid('limitBytes must be from 1 to 4096.');
  if (!Number.isInteger(tail) || tail < 0) throw invalid('tailLines must be 0 or more.');
  if (since !== undefined && (!Number.isInteger(since) || since < 1)) throw invalid('sinceSeconds must be 1 or more.');
  const end = container.stoppedAt ?? now;
  const count = Math.max(0, Math.floor((end - container.startedAt) / 1000) + 1);
  const from = Math.max(
    1,
    count - tail + 1,
    since === undefined ? 1 : Math.ceil((now - since * 1000 - container.startedAt) / 1000) + 1,
  );
  const lines: string[] = [];
  for (let i = from; i <= count; i++)
    lines.push(
      `${new Date(container.startedAt + (i - 1) * 1000).toISOString()} [${container.image}] instance ${container.instance}: request ${i} served`,
    );
  let text = lines.join('\n');
  while (Buffer.byteLength(text) > limitBytes) text = text.slice(text.indexOf('\n') + 1 || text.length);
  return text;
}
