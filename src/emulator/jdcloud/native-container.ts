import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AccessKey } from '../auth';
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
  readonly body: { readonly requestId: string; readonly result?: unknown; readonly error?: { code: number; status: string; message: string } };
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

interface ContainerModel {
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
}

export class NativeContainerApi {
  private readonly containers = new Map<string, ContainerModel>();
  private readonly clientTokens = new Map<string, string[]>();
  private nextIp = 2;

  constructor(
    private readonly keys: readonly AccessKey[],
    private readonly now: () => number = Date.now,
  ) {}

  handle(request: JdRequest): JdAnswer {
    const requestId = randomBytes(16).toString('hex');
    try {
      const url = new URL(request.url, 'http://localhost');
      this.authenticate(request, url);
      const match = /^\/v1\/regions\/([a-z0-9-]+)\/containers(?:\/([^/:]+))?(?::([a-zA-Z]+))?$/.exec(decodeURIComponent(url.pathname));
      if (match === null) throw new JdError(404, 'NOT_FOUND', `Nothing is served at ${url.pathname}.`);
      const [, regionId = '', containerId, action] = match;
      const body = request.body === '' ? {} : (JSON.parse(request.body) as Record<string, unknown>);
      return { status: 200, body: { requestId, result: this.route(request.method, regionId, containerId, action, url.searchParams, body) } };
    } catch (error) {
      const e = error instanceof JdError ? error : error instanceof SyntaxError ? invalid('The body is not JSON.') : new JdError(500, 'INTERNAL', `The emulator failed: ${(error as Error).message}`);
      return { status: e.code, body: { requestId, error: { code: e.code, status: e.status, message: e.message } } };
    }
  }

  /** JDCLOUD2-HMAC-SHA256 as JD Cloud checks it: the signature recomputed over the signed headers, a fresh date. */
  private authenticate(request: JdRequest, url: URL): void {
    const authorization = request.headers['authorization'] ?? '';
    const parsed = /^JDCLOUD2-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/jdcloud2_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(authorization);
    if (parsed === null) throw new JdError(401, 'UNAUTHENTICATED', `The Authorization header is missing or is not ${JDCLOUD2_ALGORITHM}.`);
    const [, accessKeyId = '', , regionId = '', service = '', signedHeaders = '', signature = ''] = parsed;
    const key = this.keys.find((k) => k.accessKeyId === accessKeyId);
    if (key === undefined) throw new JdError(401, 'UNAUTHENTICATED', `The AccessKey ${accessKeyId} does not exist.`);
    const date = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/.exec(request.headers['x-jdcloud-date'] ?? '');
    if (date === null) throw new JdError(401, 'UNAUTHENTICATED', 'x-jdcloud-date is missing or malformed.');
    const at = Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3]), Number(date[4]), Number(date[5]), Number(date[6]));
    if (Math.abs(this.now() - at) > SKEW_MS) throw new JdError(401, 'UNAUTHENTICATED', 'The request time is more than 15 minutes from the server time.');
    const names = signedHeaders.split(';');
    if (!names.includes('host') || !names.includes('x-jdcloud-date') || !names.includes('x-jdcloud-nonce')) throw new JdError(401, 'UNAUTHENTICATED', 'host, x-jdcloud-date and x-jdcloud-nonce must be signed.');
    const headers: Record<string, string> = {};
    for (const name of names) if (!['host', 'x-jdcloud-date', 'x-jdcloud-nonce'].includes(name)) headers[name] = request.headers[name] ?? '';
    const expected = signJdcloudRequest(
      { method: request.method, url: new URL(`${url.pathname}${url.search}`, `http://${request.headers['host'] ?? ''}`), headers, body: request.body, regionId, service, date: new Date(at), nonce: request.headers['x-jdcloud-nonce'] ?? '' },
      { accessKeyId, accessKeySecret: key.accessKeySecret },
    ).headers['authorization'];
    const got = Buffer.from(signature);
    const want = Buffer.from(/Signature=([0-9a-f]{64})$/.exec(expected ?? '')?.[1] ?? '');
    if (got.length !== want.length || !timingSafeEqual(got, want)) throw new JdError(401, 'UNAUTHENTICATED', 'The signature does not match.');
  }

  private route(method: string, regionId: string, containerId: string | undefined, action: string | undefined, query: URLSearchParams, body: Record<string, unknown>): unknown {
    if (containerId === undefined && method === 'POST') return this.create(regionId, body);
    if (containerId === undefined && method === 'GET') return this.list(regionId, query);
    const container = this.find(regionId, containerId ?? '');
    if (action === undefined && method === 'GET') return { container: view(container) };
    if (action === undefined && method === 'DELETE') {
      if (container.status === 'pending' || container.status === 'stopping') throw new JdError(400, 'FAILED_PRECONDITION', `The container ${container.containerId} is ${container.status} and cannot be deleted now.`);
      this.containers.delete(container.containerId);
      return {};
    }
    if (action === 'startContainer' && method === 'POST') {
      if (container.status !== 'stopped') throw new JdError(400, 'FAILED_PRECONDITION', `Only a stopped container can be started; ${container.containerId} is ${container.status}.`);
      container.status = 'running';
      return {};
    }
    if (action === 'stopContainer' && method === 'POST') {
      if (container.status !== 'running') throw new JdError(400, 'FAILED_PRECONDITION', `Only a running container can be stopped; ${container.containerId} is ${container.status}.`);
      container.status = 'stopped';
      return {};
    }
    throw new JdError(404, 'NOT_FOUND', `The operation ${action ?? method} is not served (yet) by the emulator.`);
  }

  private find(regionId: string, containerId: string): ContainerModel {
    const container = this.containers.get(containerId);
    if (container === undefined || container.regionId !== regionId) throw new JdError(404, 'NOT_FOUND', `The container ${containerId} does not exist in ${regionId}.`);
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
    if (typeof maxCount !== 'number' || !Number.isInteger(maxCount) || maxCount < 1 || maxCount > 100) throw invalid('maxCount must be an integer from 1 to 100.');
    const hostname = typeof spec['hostname'] === 'string' ? spec['hostname'] : '';
    if (hostname !== '' && (hostname.length > 63 || !hostname.split('.').every((label) => HOSTNAME_LABEL.test(label)))) {
      throw invalid(`hostname "${hostname}": labels of letters, digits and hyphens, 1–63 characters, not starting or ending with a hyphen; at most 63 in all.`);
    }
    const network = (spec['primaryNetworkInterface'] as { networkInterface?: { subnetId?: unknown; securityGroups?: unknown; primaryIpAddress?: unknown } } | undefined)?.networkInterface;
    if (typeof network?.subnetId !== 'string' || network.subnetId === '') throw invalid('containerSpec.primaryNetworkInterface.networkInterface.subnetId is required.');
    const groups = network.securityGroups ?? [];
    if (!Array.isArray(groups) || groups.length > 5) throw invalid('A network interface takes 1 to 5 security groups.');
    if (network.primaryIpAddress !== undefined && maxCount !== 1) throw invalid('primaryIpAddress can be given only with maxCount 1.');
    const ids: string[] = [];
    for (let i = 0; i < maxCount; i++) {
      const containerId = `c-${randomBytes(5).toString('hex')}`;
      this.containers.set(containerId, {
        containerId,
        name: text('name'),
        status: 'running',
        image: text('image'),
        instanceType: text('instanceType'),
        az: text('az'),
        hostname,
        privateIpAddress: typeof network.primaryIpAddress === 'string' ? network.primaryIpAddress : `10.0.0.${this.nextIp++}`,
        description: typeof spec['description'] === 'string' ? spec['description'] : '',
        launchTime: new Date(this.now()).toISOString(),
        regionId,
      });
      ids.push(containerId);
    }
    if (token !== undefined) this.clientTokens.set(token, ids);
    return { containerIds: ids };
  }

  private list(regionId: string, query: URLSearchParams): { containers: unknown[]; totalCount: number } {
    const pageNumber = Number(query.get('pageNumber') ?? 1);
    const pageSize = Number(query.get('pageSize') ?? 20);
    if (!Number.isInteger(pageNumber) || pageNumber < 1) throw invalid('pageNumber must be 1 or more.');
    if (!Number.isInteger(pageSize) || pageSize < 10 || pageSize > 100) throw invalid('pageSize must be from 10 to 100.');
    const filters: { name: string; values: string[] }[] = [];
    for (let i = 1; query.has(`filters.${i}.name`); i++) {
      const values: string[] = [];
      for (let j = 1; query.has(`filters.${i}.values.${j}`); j++) values.push(query.get(`filters.${i}.values.${j}`) ?? '');
      filters.push({ name: query.get(`filters.${i}.name`) ?? '', values });
    }
    const matching = [...this.containers.values()].filter((c) => c.regionId === regionId && filters.every((f) => f.values.includes(String((c as unknown as Record<string, unknown>)[f.name] ?? ''))));
    return { containers: matching.slice((pageNumber - 1) * pageSize, pageNumber * pageSize).map(view), totalCount: matching.length };
  }
}

function view(container: ContainerModel): Record<string, unknown> {
  const { regionId: _region, ...shown } = container;
  return shown;
}
