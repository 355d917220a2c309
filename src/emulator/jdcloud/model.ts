import { notFound } from './errors';
import type { ContainerSettings } from './spec';

/**
 * JD Cloud Native Container's records in the emulator: containers, registry secrets, elastic IPs and client tokens.
 * Plain JSON, so that the emulator's `--state` file keeps them with ECI's. Times are milliseconds of the emulator's
 * clock.
 */

/**
 * JD Cloud's container statuses: `pending` (being created), `starting`, `stopping` and `rebuilding` are on the way to
 * `running` or `stopped` (see lifecycle.ts); `error` is never entered by the emulator but is JD Cloud's.
 */
export type JdcloudContainerStatus =
  'pending' | 'starting' | 'running' | 'stopping' | 'stopped' | 'rebuilding' | 'error';

export interface JdcloudContainerModel {
  containerId: string;
  name: string;
  status: JdcloudContainerStatus;
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
  /** Starts of its process (each start is a new instance; 0 while it is created): getLogs prints from it. */
  instance: number;
  /** When the current instance started and, once told to stop, when it stopped (ms). */
  startedAt: number;
  stoppedAt: number | undefined;
  /** When the transitional status it is in ends (absent in a stable status, and in older state files). */
  phaseEndsAt?: number | undefined;
  /**
   * The primary network interface: its subnet and that subnet's VPC, security groups, ID and MAC address (absent in
   * older state files, whose containers then show none).
   */
  subnetId?: string | undefined;
  vpcId?: string | undefined;
  securityGroups?: string[] | undefined;
  networkInterfaceId?: string | undefined;
  macAddress?: string | undefined;
  /** What it runs and mounts, as createContainers (and then rebuildContainer) set it (absent in older state files). */
  settings?: ContainerSettings | undefined;
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

/** Per region. The emulator serves no pods (JD Cloud's other kind of Native Container): their quota is never used. */
export const QUOTA = { container: 100, pod: 100, secret: 20 } as const;

/** What the Native Container API keeps, as plain JSON so that the emulator's `--state` file holds it with ECI's. */
export interface JdcloudState {
  containers: Record<string, JdcloudContainerModel>;
  secrets: Record<string, SecretModel>;
  clientTokens: Record<string, string[]>;
  /**
   * What each client token was first used for: a hash of its region and body (absent in older state files, whose
   * tokens are then taken at their word).
   */
  clientTokenRequests?: Record<string, string>;
  nextIp: number;
  nextEip: number;
  /**
   * The account's elastic IPs, each allocated with a container (createContainers' elasticIp) or by the demo data, and
   * kept when disassociated (absent in older state files). Only these can be associated.
   */
  elasticIps?: Record<string, ElasticIpModel>;
}

export function emptyJdcloudState(): JdcloudState {
  return {
    containers: {},
    secrets: {},
    clientTokens: {},
    clientTokenRequests: {},
    nextIp: 2,
    nextEip: 1,
    elasticIps: {},
  };
}

/** A Map's few methods over a plain record (the state's), so that what is kept stays JSON. */
export class RecordMap<V> {
  constructor(private readonly record: Record<string, V>) {}
  get(key: string): V | undefined {
    return Object.prototype.hasOwnProperty.call(this.record, key) ? this.record[key] : undefined;
  }
  has(key: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.record, key);
  }
  set(key: string, value: V): void {
    // Defined, not assigned: a key such as `__proto__` is then a key like any other, not the record's prototype.
    Object.defineProperty(this.record, key, { value, enumerable: true, writable: true, configurable: true });
  }
  delete(key: string): void {
    delete this.record[key];
  }
  values(): V[] {
    return Object.values(this.record);
  }
}

/** The state's records as maps, with the look-ups every operation shares. */
export class JdcloudRecords {
  readonly containers: RecordMap<JdcloudContainerModel>;
  readonly clientTokens: RecordMap<string[]>;
  /** By client token: what it was first used for (see JdcloudState). */
  readonly clientTokenRequests: RecordMap<string>;
  /** By `regionId/name`. */
  readonly secrets: RecordMap<SecretModel>;
  readonly elasticIps: RecordMap<ElasticIpModel>;

  constructor(private readonly state: JdcloudState) {
    this.containers = new RecordMap(state.containers);
    this.clientTokens = new RecordMap(state.clientTokens);
    this.clientTokenRequests = new RecordMap((state.clientTokenRequests ??= {}));
    this.secrets = new RecordMap(state.secrets);
    this.elasticIps = new RecordMap((state.elasticIps ??= {}));
  }

  /** No container and no secret yet (a fresh state, where the demo data goes). */
  get isEmpty(): boolean {
    return this.containers.values().length === 0 && this.secrets.values().length === 0;
  }

  container(regionId: string, containerId: string): JdcloudContainerModel {
    const container = this.containers.get(containerId);
    if (container === undefined || container.regionId !== regionId)
      throw notFound(`The container ${containerId} does not exist in ${regionId}.`);
    return container;
  }

  secret(regionId: string, name: string): SecretModel {
    const secret = this.secrets.get(`${regionId}/${name}`);
    if (secret === undefined) throw notFound(`The secret ${name} does not exist in ${regionId}.`);
    return secret;
  }

  /** The next private address of the emulated subnets. */
  nextPrivateIp(): string {
    // An address a container was given by its spec is not given again.
    const used = new Set(this.containers.values().map((c) => c.privateIpAddress));
    let address = `10.0.0.${this.state.nextIp++}`;
    while (used.has(address)) address = `10.0.0.${this.state.nextIp++}`;
    return address;
  }

  /** A new elastic IP of the account, with the next free-looking address. */
  newElasticIp(regionId: string, elasticIpId: string): ElasticIpModel {
    const eip = { elasticIpId, elasticIpAddress: `114.67.0.${this.state.nextEip++ % 250}`, regionId };
    this.elasticIps.set(elasticIpId, eip);
    return eip;
  }
}
