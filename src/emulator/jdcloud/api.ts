import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../lifecycle';
import { alreadyExists, failedPrecondition, invalid, notFound, quotaExceeded } from './errors';
import type { JdcloudExecs } from './exec';
import { advanceContainer, beginPhase, isTransitional } from './lifecycle';
import { logsOf } from './logs';
import type { JdcloudContainerModel, JdcloudState } from './model';
import { JdcloudRecords, QUOTA } from './model';
import type { JsonObject } from './params';
import { decodedPath, field, filtersOf, isObject, jsonBody, kindOf, optionalText, page, requiredText } from './params';
import { containerView, secretView } from './views';
import { checkContainerName, clientTokenOf, readCreateRequest, readRunSettings } from './spec';

/** One call, as its route's handler gets it. */
export interface JdcloudCall {
  readonly regionId: string;
  /** The container ID or secret name of the path ('' for a collection). */
  readonly id: string;
  readonly query: URLSearchParams;
  readonly body: JsonObject;
}

type Handler = (call: JdcloudCall) => unknown;

/** A route: a method and a path below `/v1/regions/{regionId}`, `{…}` standing for a container ID or secret name. */
interface Route {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly handler: Handler;
}

const PATH = /^\/v1\/regions\/([a-z0-9-]+)\/(containers|secrets|quotas)(?:\/([^/:]+))?(?::([a-zA-Z]+))?$/;

const routeKey = (method: string, path: string): string => `${method} ${path.replace(/\{[A-Za-z]+\}/g, '{}')}`;

/**
 * JD Cloud's Native Container operations over the emulator's records (eci-api.md §8): one route per operation of
 * the seed's table, the seed's rules as JD Cloud's errors, and the containers' statuses on the emulator's clock.
 * Signatures are checked before a call gets here (auth.ts).
 */
export class JdcloudApi {
  readonly records: JdcloudRecords;
  private readonly routes: ReadonlyMap<string, Handler>;

  constructor(
    state: JdcloudState,
    private readonly clock: Clock,
    execs: JdcloudExecs,
  ) {
    this.records = new JdcloudRecords(state);
    const container = (call: JdcloudCall): JdcloudContainerModel => this.records.container(call.regionId, call.id);
    const table: Route[] = [
      { method: 'POST', path: '/containers', handler: (c) => this.createContainers(c.regionId, c.body) },
      { method: 'GET', path: '/containers', handler: (c) => this.describeContainers(c.regionId, c.query) },
      {
        method: 'GET',
        path: '/containers/{containerId}',
        handler: (c) => ({ container: containerView(container(c)) }),
      },
      { method: 'DELETE', path: '/containers/{containerId}', handler: (c) => this.deleteContainer(container(c)) },
      {
        method: 'POST',
        path: '/containers/{containerId}:startContainer',
        handler: (c) => this.startContainer(container(c)),
      },
      {
        method: 'POST',
        path: '/containers/{containerId}:stopContainer',
        handler: (c) => this.stopContainer(container(c)),
      },
      {
        method: 'PATCH',
        path: '/containers/{containerId}:modifyContainerAttribute',
        handler: (c) => this.modifyContainerAttribute(container(c), c.body),
      },
      {
        method: 'POST',
        path: '/containers/{containerId}:rebuild',
        handler: (c) => this.rebuildContainer(container(c), c.body),
      },
      {
        method: 'POST',
        path: '/containers/{containerId}:associateElasticIp',
        handler: (c) => this.associateElasticIp(container(c), c.body),
      },
      {
        method: 'POST',
        path: '/containers/{containerId}:disassociateElasticIp',
        handler: (c) => this.disassociateElasticIp(container(c), c.body),
      },
      {
        method: 'GET',
        path: '/containers/{containerId}:getLogs',
        handler: (c) => ({ logs: logsOf(container(c), c.query, this.clock.now()) }),
      },
      {
        method: 'POST',
        path: '/containers/{containerId}:execCreate',
        handler: (c) => execs.create(container(c), c.body),
      },
      {
        method: 'GET',
        path: '/containers/{containerId}:execGetExitCode',
        handler: (c) => execs.exitCode(container(c), c.query),
      },
      {
        method: 'POST',
        path: '/containers/{containerId}:resizeTTY',
        handler: (c) => execs.resize(container(c), c.body),
      },
      { method: 'POST', path: '/secrets', handler: (c) => this.createSecret(c.regionId, c.body) },
      { method: 'GET', path: '/secrets', handler: (c) => this.describeSecrets(c.regionId, c.query) },
      {
        method: 'GET',
        path: '/secrets/{secretName}',
        handler: (c) => ({ secret: secretView(this.records.secret(c.regionId, c.id)) }),
      },
      { method: 'DELETE', path: '/secrets/{secretName}', handler: (c) => this.deleteSecret(c.regionId, c.id) },
      { method: 'GET', path: '/quotas', handler: (c) => this.describeQuota(c.regionId, c.query) },
    ];
    this.routes = new Map(table.map((route) => [routeKey(route.method, route.path), route.handler]));
  }

  /** Brings every container's status up to date on the clock; true when one changed. */
  advance(): boolean {
    const now = this.clock.now();
    let changed = false;
    for (const container of this.records.containers.values()) changed = advanceContainer(container, now) || changed;
    return changed;
  }

  /**
   * A call by method, URL (path and query) and body text: its result, or a JdcloudError. The path is read first (a
   * malformed escape is INVALID_ARGUMENT), then the body (one JSON object, or none), then the route.
   */
  call(method: string, url: URL, body: string): unknown {
    const match = PATH.exec(decodedPath(url.pathname));
    if (match === null) throw notFound(`Nothing is served at ${url.pathname.slice(0, 200)}.`);
    const [, regionId = '', collection = '', id, action] = match;
    const call: JdcloudCall = { regionId, id: id ?? '', query: url.searchParams, body: jsonBody(body) };
    const shape = `/${collection}${id === undefined ? '' : '/{}'}${action === undefined ? '' : `:${action}`}`;
    const handler = this.routes.get(`${method} ${shape}`);
    if (handler !== undefined) return handler(call);
    // What is not served is said about the container or secret named, once it is known to exist.
    if (collection === 'secrets') {
      this.records.secret(regionId, call.id);
      throw notFound(`${method} is not served on a secret.`);
    }
    if (collection === 'containers') this.records.container(regionId, call.id);
    throw notFound(`The operation ${action ?? method} is not served (yet) by the emulator.`);
  }

  /**
   * A client token makes createContainers idempotent: the same request again (same region, same body, whatever the
   * order of its keys) gets the first answer; another request with the token is refused, never answered with the
   * first one's containers. The refusal is 400 INVALID_ARGUMENT: ECI's side answers the same case with HTTP 400
   * (IdempotentParameterMismatch, src/emulator/api.ts), and in src/jdcloud/error-hints.ts INVALID_ARGUMENT is the
   * status whose hint fits ("the message names it": clientToken), while ALREADY_EXISTS's speaks of a name to change
   * and FAILED_PRECONDITION's of a container's state. A 400 is not retried (isRetryableJdcloud, src/jdcloud/client.ts),
   * and the client's own retries send the same body, so they never meet it.
   */
  createContainers(regionId: string, body: JsonObject): { containerIds: string[] } {
    const token = clientTokenOf(body);
    const request = token === undefined ? '' : requestHash(regionId, body);
    const known = token === undefined ? undefined : this.records.clientTokens.get(token);
    if (token !== undefined && known !== undefined) {
      const first = this.records.clientTokenRequests.get(token);
      if (first !== undefined && first !== request)
        throw invalid(
          `The clientToken "${token.slice(0, 64)}" was used by an earlier createContainers with another body or in ` +
            'another region: send that request unchanged, or use a new clientToken.',
        );
      return { containerIds: known };
    }
    const used = this.records.containers.values().filter((c) => c.regionId === regionId).length;
    const spec = readCreateRequest(body, used, QUOTA.container);
    if (spec.settings.secret !== '') this.records.secret(regionId, spec.settings.secret);
    // The seed: a primary IP given must be one of the subnet's that no one uses.
    const holder = this.records.containers
      .values()
      .find(
        (c) => c.regionId === regionId && c.subnetId === spec.subnetId && c.privateIpAddress === spec.primaryIpAddress,
      );
    if (spec.primaryIpAddress !== undefined && holder !== undefined)
      throw invalid(
        `primaryIpAddress ${spec.primaryIpAddress} is in use in ${spec.subnetId} (by ${holder.containerId}): ` +
          'give an unused address, or none.',
      );
    const at = this.clock.now();
    const ids: string[] = [];
    for (let i = 0; i < spec.maxCount; i++) {
      const containerId = `c-${randomBytes(5).toString('hex')}`;
      // An elastic IP asked for in the spec is a new one of the account's, on this container.
      const eip = spec.elasticIp
        ? this.records.newElasticIp(regionId, `fip-${randomBytes(4).toString('hex')}`)
        : undefined;
      const container: JdcloudContainerModel = {
        containerId,
        name: spec.name,
        status: 'pending',
        image: spec.image,
        instanceType: spec.instanceType,
        az: spec.az,
        // JD Cloud's default hostname is the container's ID.
        hostname: spec.hostname === '' ? containerId : spec.hostname,
        privateIpAddress: spec.primaryIpAddress ?? this.records.nextPrivateIp(),
        description: spec.description,
        launchTime: new Date(at).toISOString(),
        regionId,
        elasticIpId: eip?.elasticIpId ?? '',
        elasticIpAddress: eip?.elasticIpAddress ?? '',
        instance: 0,
        startedAt: at,
        stoppedAt: undefined,
        subnetId: spec.subnetId,
        vpcId: vpcOf(regionId, spec.subnetId),
        securityGroups: spec.securityGroups,
        networkInterfaceId: `port-${randomBytes(5).toString('hex')}`,
        macAddress: `fa:16:3e:${randomBytes(3)
          .toString('hex')
          .replace(/(..)(?!$)/g, '$1:')}`,
        settings: spec.settings,
      };
      beginPhase(container, 'pending', this.clock, at);
      this.records.containers.set(containerId, container);
      ids.push(containerId);
    }
    if (token !== undefined) {
      this.records.clientTokens.set(token, ids);
      this.records.clientTokenRequests.set(token, request);
    }
    return { containerIds: ids };
  }

  createSecret(regionId: string, body: JsonObject): { secretName: string } {
    const secretName = requiredText(body, 'name');
    if (this.records.secrets.has(`${regionId}/${secretName}`))
      throw alreadyExists(`The secret ${secretName} exists already.`);
    if (this.records.secrets.values().filter((x) => x.regionId === regionId).length >= QUOTA.secret)
      throw quotaExceeded(`At most ${QUOTA.secret} secrets per region.`);
    const data = field(body, 'data');
    if (data === undefined) throw invalid('data {server, username, password} is required.');
    if (!isObject(data)) throw invalid(`data {server, username, password} must be an object, not ${kindOf(data)}.`);
    // The one type JD Cloud has: a docker registry's login.
    const secretType = requiredText(body, 'secretType');
    if (secretType !== 'docker-registry')
      throw invalid(`secretType is docker-registry (the one type there is), not "${secretType.slice(0, 40)}".`);
    this.records.secrets.set(`${regionId}/${secretName}`, {
      name: secretName,
      secretType,
      data: {
        server: requiredText(data, 'server', 'data.server'),
        username: requiredText(data, 'username', 'data.username'),
        password: requiredText(data, 'password', 'data.password'),
        email: optionalText(data, 'email', 'data.email'),
      },
      createdTime: new Date(this.clock.now()).toISOString(),
      regionId,
    });
    return { secretName };
  }

  /**
   * describeContainers' filters as the SDK documents them: `name` and `privateIpAddress` match in part and take one
   * value; the others match exactly and take several. Another filter is refused, naming those it takes.
   */
  private describeContainers(regionId: string, query: URLSearchParams): { containers: unknown[]; totalCount: number } {
    const filters = filtersOf(query);
    for (const filter of filters) {
      if (!Object.prototype.hasOwnProperty.call(CONTAINER_FILTERS, filter.name))
        throw invalid(
          `The filter "${filter.name.slice(0, 40)}" is not one of describeContainers': ` +
            `${Object.keys(CONTAINER_FILTERS).join(', ')}.`,
        );
      if (CONTAINER_FILTERS[filter.name] === 'part' && filter.values.length > 1)
        throw invalid(`The filter ${filter.name} takes one value.`);
    }
    const matching = this.records.containers
      .values()
      .filter(
        (c) =>
          c.regionId === regionId && filters.every((f) => matches(f, CONTAINER_FILTERS[f.name], valueOf(c, f.name))),
      );
    return { containers: page(matching, query).map(containerView), totalCount: matching.length };
  }

  /** JD Cloud deletes only a container that is stopped, running or in error: not one on its way somewhere. */
  private deleteContainer(container: JdcloudContainerModel): Record<string, never> {
    if (isTransitional(container.status))
      throw failedPrecondition(
        `The container ${container.containerId} is ${container.status} and cannot be deleted now.`,
      );
    this.records.containers.delete(container.containerId);
    return {};
  }

  private startContainer(container: JdcloudContainerModel): Record<string, never> {
    if (container.status !== 'stopped')
      throw failedPrecondition(
        `Only a stopped container can be started; ${container.containerId} is ${container.status}.`,
      );
    beginPhase(container, 'starting', this.clock, this.clock.now());
    return {};
  }

  private stopContainer(container: JdcloudContainerModel): Record<string, never> {
    if (container.status !== 'running')
      throw failedPrecondition(
        `Only a running container can be stopped; ${container.containerId} is ${container.status}.`,
      );
    beginPhase(container, 'stopping', this.clock, this.clock.now());
    return {};
  }

  /** Name and description, one at least (JD Cloud's rule); both are read before either changes. */
  private modifyContainerAttribute(container: JdcloudContainerModel, body: JsonObject): Record<string, never> {
    const name = field(body, 'name') === undefined ? undefined : checkContainerName(requiredText(body, 'name'));
    const description = optionalText(body, 'description');
    if (name === undefined && description === undefined)
      throw invalid('name or description is required (one at least).');
    if (description !== undefined && description.length > 256) throw invalid('description is at most 256 characters.');
    if (name !== undefined) container.name = name;
    if (description !== undefined) container.description = description;
    return {};
  }

  /**
   * A stopped container gets its new image (and the command, args, envs, tty, workingDir and secret given with it)
   * at once and is `rebuilding`, then stopped again (JD Cloud's rule).
   */
  private rebuildContainer(container: JdcloudContainerModel, body: JsonObject): Record<string, never> {
    const image = requiredText(body, 'image');
    const run = readRunSettings(body, 'rebuild');
    if (run.secret !== '') this.records.secret(container.regionId, run.secret);
    if (container.status !== 'stopped')
      throw failedPrecondition(
        `Only a stopped container can be rebuilt; ${container.containerId} is ${container.status}.`,
      );
    container.image = image;
    // What is not given stays as it was (an empty list given is taken as given).
    const settings = container.settings;
    if (settings !== undefined) {
      const given = (name: string): boolean => field(body, name) !== undefined;
      if (given('command')) settings.command = run.command;
      if (given('args')) settings.args = run.args;
      if (given('envs')) settings.envs = run.envs;
      if (given('tty')) settings.tty = run.tty;
      if (given('workingDir')) settings.workingDir = run.workingDir;
      if (given('secret')) settings.secret = run.secret;
    }
    beginPhase(container, 'rebuilding', this.clock, this.clock.now());
    return {};
  }

  /**
   * An elastic IP of the account's inventory (allocated with a container, or by the demo data) onto the primary
   * interface: an ID the region does not have is refused, as JD Cloud refuses it.
   */
  private associateElasticIp(container: JdcloudContainerModel, body: JsonObject): Record<string, never> {
    const elasticIpId = requiredText(body, 'elasticIpId');
    const eip = this.records.elasticIps.get(elasticIpId);
    if (eip === undefined || eip.regionId !== container.regionId)
      throw notFound(`The elastic IP ${elasticIpId} does not exist in ${container.regionId}.`);
    if (container.elasticIpId !== '')
      throw failedPrecondition(
        `The primary network interface of ${container.containerId} already has the elastic IP ` +
          `${container.elasticIpId}; one is allowed.`,
      );
    const holder = this.records.containers.values().find((c) => c.elasticIpId === elasticIpId);
    if (holder !== undefined)
      throw failedPrecondition(
        `The elastic IP ${elasticIpId} is associated with ${holder.containerId}; disassociate it there first.`,
      );
    container.elasticIpId = eip.elasticIpId;
    container.elasticIpAddress = eip.elasticIpAddress;
    return {};
  }

  /** The elastic IP leaves the container and stays allocated: it can be associated again. */
  private disassociateElasticIp(container: JdcloudContainerModel, body: JsonObject): Record<string, never> {
    const elasticIpId = requiredText(body, 'elasticIpId');
    if (container.elasticIpId !== elasticIpId)
      throw invalid(`The elastic IP ${elasticIpId} is not associated with ${container.containerId}.`);
    container.elasticIpId = '';
    container.elasticIpAddress = '';
    return {};
  }

  /** describeSecrets' one filter, `name`, matches in part. */
  private describeSecrets(regionId: string, query: URLSearchParams): { secrets: unknown[]; totalCount: number } {
    const filters = filtersOf(query);
    for (const filter of filters)
      if (filter.name !== 'name')
        throw invalid(`The filter "${filter.name.slice(0, 40)}" is not describeSecrets' (it takes name).`);
    const all = this.records.secrets
      .values()
      .filter((x) => x.regionId === regionId && filters.every((f) => matches(f, 'part', x.name)));
    return { secrets: page(all, query).map(secretView), totalCount: all.length };
  }

  private deleteSecret(regionId: string, name: string): Record<string, never> {
    const secret = this.records.secret(regionId, name);
    this.records.secrets.delete(`${regionId}/${secret.name}`);
    return {};
  }

  /** One resource type's quota: `resourceType` is required, one of container, pod and secret. */
  private describeQuota(
    regionId: string,
    query: URLSearchParams,
  ): { quota: { resourceType: string; limit: number; used: number } } {
    const resourceType = query.get('resourceType') ?? '';
    if (resourceType === '') throw invalid('resourceType is required: container, pod or secret.');
    if (!Object.prototype.hasOwnProperty.call(QUOTA, resourceType))
      throw invalid(`resourceType is container, pod or secret, not "${resourceType.slice(0, 40)}".`);
    const type = resourceType as keyof typeof QUOTA;
    const used =
      type === 'container'
        ? this.records.containers.values().filter((c) => c.regionId === regionId).length
        : type === 'secret'
          ? this.records.secrets.values().filter((x) => x.regionId === regionId).length
          : 0;
    return { quota: { resourceType: type, limit: QUOTA[type], used } };
  }
}

/** describeContainers' filters: how each matches (`part`: a substring, one value). */
const CONTAINER_FILTERS: Readonly<Record<string, 'exact' | 'part'>> = {
  containerId: 'exact',
  privateIpAddress: 'part',
  az: 'exact',
  vpcId: 'exact',
  status: 'exact',
  name: 'part',
  subnetId: 'exact',
};

function valueOf(container: JdcloudContainerModel, name: string): string {
  const value = field(container as unknown as JsonObject, name);
  return typeof value === 'string' ? value : '';
}

function matches(filter: { values: string[] }, how: 'exact' | 'part' | undefined, value: string): boolean {
  return how === 'part' ? filter.values.some((v) => value.includes(v)) : filter.values.includes(value);
}

/** The emulator keeps no VPCs: a subnet's VPC is named after the subnet, the same each time. */
export function vpcOf(regionId: string, subnetId: string): string {
  return `vpc-${createHash('sha256').update(`${regionId}/${subnetId}`).digest('hex').slice(0, 10)}`;
}

/**
 * What a createContainers request asks for, to compare a client token's uses: its region and the operation's own
 * fields (containerSpec, maxCount, clientToken; what else a body carries, as the Go SDK's carry regionId again, is not
 * the request's), keys sorted at every level (JSON's order of keys carries no meaning). The body's depth is bounded
 * (jsonBody, params.ts).
 */
function requestHash(regionId: string, body: JsonObject): string {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : isObject(value)
        ? Object.fromEntries(
            Object.keys(value)
              .sort()
              .map((key) => [key, canonical(value[key])]),
          )
        : value;
  const own = {
    containerSpec: field(body, 'containerSpec'),
    maxCount: field(body, 'maxCount') ?? 1,
    clientToken: field(body, 'clientToken'),
  };
  return createHash('sha256')
    .update(JSON.stringify([regionId, canonical(own)]))
    .digest('hex');
}
