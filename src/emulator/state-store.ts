import { mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { JdcloudContainerModel, JdcloudState, SecretModel, ElasticIpModel } from './jdcloud/model';
import type { ContainerSettings, VolumeSettings } from './jdcloud/spec';
import type {
  ContainerInstance,
  ContainerModel,
  ContainerRuntime,
  EmulatorStateData,
  EventModel,
  GroupModel,
  GroupSpec,
  IdempotencyRecord,
  ImageCacheModel,
  LifecycleHandlerModel,
  ProbeModel,
  VolumeModel,
} from './model';
import type { CommitTaskModel, DataCacheModel, OpsRecordModel, OpsState, VirtualNodeModel } from './ops-state';
import { emptyState } from './model';

/**
 * Keeps the emulator's state in a file, if one is given: loaded at start, written atomically (a temporary file
 * renamed over the old one) shortly after each change and at shutdown, so a restart loses nothing.
 *
 * A file it cannot use is refused at start (`load()` throws, before the emulator listens), with one line naming the
 * file and what is wrong, and is left exactly as it was: nothing of it is ever written over with less. A write that
 * fails later (disk full, folder removed) is reported once and tried again with the next change; it never ends the
 * emulator.
 */
export class StateStore {
  private timer: NodeJS.Timeout | undefined;
  /** The last write failed: its failure has been reported, and the next success is reported too. */
  private failing = false;

  private constructor(
    readonly data: EmulatorStateData,
    private readonly path: string | undefined,
    /** Where a failed write (and a write that works again) is reported, as one line. */
    private readonly report: (line: string) => void,
  ) {}

  /**
   * The state in `path` (an empty state when there is no such file yet, in a folder made for it), or an Error with a
   * one-line message when the file cannot be read, is not JSON, is not an emulator state, or its folder cannot be
   * made or written in.
   */
  static load(path: string | undefined, report: (line: string) => void = () => undefined): StateStore {
    if (path === undefined) return new StateStore(emptyState(), path, report);
    const file = shown(path);
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch (error) {
      throw new Error(`The folder of the state file ${file} cannot be made (${reason(error)}).`, { cause: error });
    }
    let text: string | undefined;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        throw new Error(`The state file ${file} cannot be read (${reason(error)}).`, { cause: error });
    }
    const store = new StateStore(text === undefined ? emptyState() : parseState(text, file), path, report);
    // A folder the emulator cannot write in is found now, not with the first change, when it could only be reported.
    const temporary = store.temporaryPath();
    try {
      writeFileSync(temporary, '');
      unlinkSync(temporary);
    } catch (error) {
      throw new Error(`The state file ${file} cannot be written in its folder (${reason(error)}).`, { cause: error });
    }
    return store;
  }

  changed(): void {
    if (this.path === undefined || this.timer !== undefined) return;
    this.timer = setTimeout(() => this.flush(), 100);
  }

  /**
   * Writes the state now. Never throws: a failure is reported (once, until a write works again) and the state stays
   * in memory for the next change to write. `last`: the emulator is stopping, so a failure loses the changes since
   * the last write, and says so. True when the file now holds the state.
   */
  flush(last = false): boolean {
    this.discard();
    if (this.path === undefined) return true;
    const temporary = this.temporaryPath();
    try {
      writeFileSync(temporary, JSON.stringify(this.data));
      renameSync(temporary, this.path);
    } catch (error) {
      try {
        unlinkSync(temporary); // a partial write (a full disk) leaves nothing behind
      } catch {
        // there was nothing to remove (the folder is gone)
      }
      if (last)
        this.report(
          `the state file ${shown(this.path)} could not be written at exit (${reason(error)}); the changes since it ` +
            'was last written are lost.',
        );
      else if (!this.failing)
        this.report(
          `the state file ${shown(this.path)} could not be written (${reason(error)}); the state is kept in memory ` +
            'and written with the next change.',
        );
      this.failing = true;
      return false;
    }
    if (this.failing) this.report(`the state file ${shown(this.path)} is written again.`);
    this.failing = false;
    return true;
  }

  /** Forgets a pending write (the emulator did not start: the file stays as it was). */
  discard(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** The file written and renamed over the state file: beside it, so that the rename is atomic. */
  private temporaryPath(): string {
    return `${this.path ?? ''}.${process.pid}.tmp`;
  }
}

/** A path as a message shows it: as it is, or quoted when it holds a line break or another control character. */
function shown(path: string): string {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f]/.test(path) ? JSON.stringify(path) : path;
}

/** An error's message on one line. */
function reason(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ');
}

/** The state in a file's text, or an Error saying what in it is wrong. */
function parseState(text: string, file: string): EmulatorStateData {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(
      `The state file ${file} is not valid JSON (${reason(error)}). It was left as it is: fix it, move it away or ` +
        'pass another --state.',
      { cause: error },
    );
  }
  try {
    checkState(data);
  } catch (error) {
    if (!(error instanceof ShapeError)) throw error;
    throw new Error(
      `The state file ${file} is not an emulator state: ${error.message}. It was left as it is: fix it, move it ` +
        'away or pass another --state.',
      { cause: error },
    );
  }
  return data;
}

// ----- The shape of a state file ---------------------------------------------------------------------------------
//
// Every field the emulator's records have (model.ts and jdcloud/model.ts), checked before anything reads them: a
// file of another shape made groups with NaN in their IDs (a missing `sequence`), answers of 500 (a null group) and
// crashes; refused, it is left as it was. Each record's table below is typed against its interface, so a field added
// there fails to compile here until it is checked too. Fields the records do not have are left alone (and kept).

/** The first thing wrong in a state file: where (`groups["eci-1"].status`) and what. */
class ShapeError extends Error {}

/** Checks a value found at `at`; throws a ShapeError when it is wrong. */
type Check = (value: unknown, at: string) => void;

/** The keys of T that a record always has, and those it may lack (JSON leaves out what is undefined). */
type RequiredKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? never : K }[keyof T];
type OptionalKeys<T> = Exclude<keyof T, RequiredKeys<T>>;

function fail(at: string, problem: string): never {
  throw new ShapeError(`${at} ${problem}`);
}

/** What a wrong value is, in a few words. */
function what(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string')
    return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 39)}…` : value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return `${typeof value === 'object' ? 'an object' : typeof value}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const has = (record: object, key: string): boolean => Object.prototype.hasOwnProperty.call(record, key);

const text: Check = (value, at) => {
  if (typeof value !== 'string') fail(at, `must be text, not ${what(value)}`);
};
const flag: Check = (value, at) => {
  if (typeof value !== 'boolean') fail(at, `must be true or false, not ${what(value)}`);
};
const number: Check = (value, at) => {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(at, `must be a number, not ${what(value)}`);
};
/** A count or a counter the emulator makes IDs and addresses from. */
const whole: Check = (value, at) => {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
    fail(at, `must be a whole number of 0 or more, not ${what(value)}`);
};
/** Milliseconds of the emulator's clock: a time a Date can hold (answers show them as dates). */
const time: Check = (value, at) => {
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > 8.64e15)
    fail(at, `must be a time in milliseconds, not ${what(value)}`);
};
const oneOf =
  (...values: readonly (string | number)[]): Check =>
  (value, at) => {
    if (!values.includes(value as string | number))
      fail(at, `must be one of ${values.map((v) => JSON.stringify(v)).join(', ')}, not ${what(value)}`);
  };
const list =
  (item: Check): Check =>
  (value, at) => {
    if (!Array.isArray(value)) fail(at, `must be a list, not ${what(value)}`);
    value.forEach((element, i) => item(element, `${at}[${i}]`));
  };

/** A record of type T: every field T always has, of its type, and those it may have, of theirs when present. */
function record<T>(required: Record<RequiredKeys<T>, Check>, optional: Record<OptionalKeys<T>, Check>): Check {
  return (value, at) => {
    if (!isObject(value)) fail(at, `must be an object, not ${what(value)}`);
    const field = (key: string): string => (at === '' ? key : `${at}.${key}`);
    for (const [key, check] of Object.entries<Check>(required)) {
      if (!has(value, key)) fail(field(key), 'is missing');
      check(value[key], field(key));
    }
    for (const [key, check] of Object.entries<Check>(optional)) if (has(value, key)) check(value[key], field(key));
  };
}

/**
 * A table of records by key, each checked, and each found under the key the emulator looks it up by (a record
 * under another key could not be found, nor deleted).
 */
function table(item: Check, keyOf: (value: Record<string, unknown>) => unknown, keyName: string): Check {
  return (value, at) => {
    if (!isObject(value)) fail(at, `must be an object of records by ${keyName}, not ${what(value)}`);
    for (const [key, element] of Object.entries(value)) {
      const where = `${at}[${JSON.stringify(key.length > 60 ? `${key.slice(0, 59)}…` : key)}]`;
      item(element, where);
      const expected = keyOf(element as Record<string, unknown>);
      if (expected !== key) fail(where, `is filed under another key than its ${keyName} (${what(expected)})`);
    }
  };
}

/** A table of values by key that the emulator does not look up by a field of theirs. */
const byKey =
  (item: Check): Check =>
  (value, at) => {
    if (!isObject(value)) fail(at, `must be an object, not ${what(value)}`);
    for (const [key, element] of Object.entries(value))
      item(element, `${at}[${JSON.stringify(key.length > 60 ? `${key.slice(0, 59)}…` : key)}]`);
  };

const nameValue = record<{ Name: string; Value?: string | undefined }>({ Name: text }, { Value: text });

const probe = record<ProbeModel>(
  {},
  {
    InitialDelaySeconds: number,
    PeriodSeconds: number,
    SuccessThreshold: number,
    FailureThreshold: number,
    TimeoutSeconds: number,
    Exec: record<NonNullable<ProbeModel['Exec']>>({ Command: list(text) }, {}),
    HttpGet: record<NonNullable<ProbeModel['HttpGet']>>({}, { Path: text, Port: number, Scheme: text }),
    TcpSocket: record<NonNullable<ProbeModel['TcpSocket']>>({}, { Port: number }),
  },
);

/** A postStart or preStop handler, as the emulator keeps it (absent from state files written before it read them). */
const lifecycleHandler = record<LifecycleHandlerModel>(
  {},
  {
    Exec: list(text),
    HttpGet: record<NonNullable<LifecycleHandlerModel['HttpGet']>>(
      { HttpHeaders: list(nameValue) },
      { Host: text, Path: text, Port: number, Scheme: text },
    ),
    TcpSocket: record<NonNullable<LifecycleHandlerModel['TcpSocket']>>({}, { Host: text, Port: number }),
  },
);

/** A group option of today's API: a word, a number, a switch or a list of words. */
const optionValue: Check = (value, at) => {
  if (Array.isArray(value)) list(text)(value, at);
  else if (typeof value === 'string') text(value, at);
  else if (typeof value === 'boolean') flag(value, at);
  else number(value, at);
};

const container = record<ContainerModel>(
  {
    Name: text,
    Image: text,
    ImagePullPolicy: text,
    Cpu: number,
    Memory: number,
    Gpu: number,
    Commands: list(text),
    Args: list(text),
    Stdin: flag,
    StdinOnce: flag,
    Tty: flag,
    EnvironmentVars: list(
      record<ContainerModel['EnvironmentVars'][number]>({ Key: text }, { Value: text, FieldPath: text }),
    ),
    Ports: list(record<ContainerModel['Ports'][number]>({ Port: number, Protocol: text }, {})),
    VolumeMounts: list(
      record<ContainerModel['VolumeMounts'][number]>(
        { Name: text, MountPath: text, ReadOnly: flag },
        { SubPath: text, MountPropagation: text },
      ),
    ),
  },
  {
    WorkingDir: text,
    SecurityContext: record<NonNullable<ContainerModel['SecurityContext']>>(
      { CapabilityAdd: list(text) },
      { ReadOnlyRootFilesystem: flag, RunAsUser: number, RunAsGroup: number, RunAsNonRoot: flag },
    ),
    ReadinessProbe: probe,
    LivenessProbe: probe,
    EnvironmentVarHide: flag,
    TerminationMessagePath: text,
    TerminationMessagePolicy: text,
    PostStart: lifecycleHandler,
    PreStop: lifecycleHandler,
  },
);

const volume = record<VolumeModel>(
  { Name: text, Type: text },
  {
    NFSVolume: record<NonNullable<VolumeModel['NFSVolume']>>({ Server: text, Path: text, ReadOnly: flag }, {}),
    EmptyDirVolume: record<NonNullable<VolumeModel['EmptyDirVolume']>>({}, { Medium: text, SizeLimit: text }),
    ConfigFileVolume: record<NonNullable<VolumeModel['ConfigFileVolume']>>(
      {
        ConfigFileToPath: list(
          record<NonNullable<VolumeModel['ConfigFileVolume']>['ConfigFileToPath'][number]>(
            { Path: text, Content: text },
            { Mode: number },
          ),
        ),
      },
      { DefaultMode: number },
    ),
    DiskVolume: record<NonNullable<VolumeModel['DiskVolume']>>({ DiskId: text }, { FsType: text, DiskSize: number }),
    FlexVolume: record<NonNullable<VolumeModel['FlexVolume']>>({ Driver: text }, { FsType: text, Options: text }),
    HostPathVolume: record<NonNullable<VolumeModel['HostPathVolume']>>({ Path: text }, { Type: text }),
  },
);

const spec = record<GroupSpec>(
  {
    RestartPolicy: oneOf('Always', 'Never', 'OnFailure'),
    Cpu: number,
    Memory: number,
    Containers: list(container),
    InitContainers: list(container),
    Volumes: list(volume),
    Tags: list(record<GroupSpec['Tags'][number]>({ Key: text }, { Value: text })),
    Sysctls: list(nameValue),
    HostAliases: list(record<GroupSpec['HostAliases'][number]>({ Ip: text, Hostnames: list(text) }, {})),
    RegistryCredentials: list(
      record<GroupSpec['RegistryCredentials'][number]>({ Server: text, UserName: text, Password: text }, {}),
    ),
  },
  {
    InstanceType: text,
    DnsPolicy: text,
    DnsConfig: record<NonNullable<GroupSpec['DnsConfig']>>(
      { NameServers: list(text), Searches: list(text), Options: list(nameValue) },
      {},
    ),
    HostSysctls: list(nameValue),
    Options: byKey(optionValue),
    AcrRegistryInfos: list(
      record<NonNullable<GroupSpec['AcrRegistryInfos']>[number]>(
        { Domains: list(text) },
        { InstanceId: text, InstanceName: text, RegionId: text, ArnService: text, ArnUser: text },
      ),
    ),
    EnableOverheadReservation: flag,
  },
);

const event = record<EventModel>(
  {
    Type: oneOf('Normal', 'Warning'),
    Reason: text,
    Message: text,
    Name: text,
    Count: whole,
    FirstTimestamp: time,
    LastTimestamp: time,
  },
  {},
);

const runtime = record<ContainerRuntime>(
  {
    name: text,
    restartCount: whole,
    instances: list(record<ContainerInstance>({ startedAt: time }, { finishedAt: time, exitCode: number })),
  },
  { restartAt: time },
);

const group = record<GroupModel>(
  {
    ContainerGroupId: text,
    ContainerGroupName: text,
    RegionId: text,
    ZoneId: text,
    VSwitchId: text,
    SecurityGroupId: text,
    VpcId: text,
    IntranetIp: text,
    owner: text,
    spec,
    createdAt: time,
    status: oneOf(
      'Pending',
      'Scheduling',
      'Running',
      'Restarting',
      'Updating',
      'Succeeded',
      'Failed',
      'ScheduleFailed',
    ),
    statusSince: time,
    runtimes: list(runtime),
    events: list(event),
  },
  {
    ResourceGroupId: text,
    EipInstanceId: text,
    InternetIp: text,
    phaseEndsAt: time,
    succeededAt: time,
    failedAt: time,
    imageCacheId: text,
  },
);

const imageCache = record<ImageCacheModel>(
  {
    ImageCacheId: text,
    ImageCacheName: text,
    RegionId: text,
    owner: text,
    Images: list(text),
    ContainerGroupId: text,
    SnapshotId: text,
    ImageCacheSize: number,
    createdAt: time,
    readyAt: time,
    willFail: flag,
    events: list(event),
  },
  {
    RetentionDays: number,
    Tags: list(record<NonNullable<ImageCacheModel['Tags']>[number]>({ Key: text }, { Value: text })),
  },
);

const idempotencyRecord = record<IdempotencyRecord>(
  {
    fingerprint: text,
    response: (value, at) => {
      if (!isObject(value)) fail(at, `must be an object, not ${what(value)}`);
    },
    at: time,
  },
  {},
);

const jdcloudVolume = record<VolumeSettings>(
  { category: text, autoDelete: flag, mountPath: text, readOnly: flag, fsType: text },
  { diskType: text, diskSizeGB: whole, iops: whole, cloudDiskId: text },
);

const jdcloudSettings = record<ContainerSettings>(
  {
    command: list(text),
    args: list(text),
    envs: list(record<ContainerSettings['envs'][number]>({ name: text }, { value: text })),
    tty: flag,
    workingDir: text,
    secret: text,
    rootVolume: jdcloudVolume,
    dataVolumes: list(jdcloudVolume),
    logDriver: text,
  },
  {},
);

const jdcloudContainer = record<JdcloudContainerModel>(
  {
    containerId: text,
    name: text,
    status: oneOf('pending', 'starting', 'running', 'stopping', 'stopped', 'rebuilding', 'error'),
    image: text,
    instanceType: text,
    az: text,
    hostname: text,
    privateIpAddress: text,
    description: text,
    launchTime: text,
    regionId: text,
    elasticIpId: text,
    elasticIpAddress: text,
    instance: whole,
    startedAt: time,
  },
  {
    stoppedAt: time,
    phaseEndsAt: time,
    subnetId: text,
    vpcId: text,
    securityGroups: list(text),
    networkInterfaceId: text,
    macAddress: text,
    settings: jdcloudSettings,
  },
);

const secret = record<SecretModel>(
  {
    name: text,
    secretType: text,
    data: record<SecretModel['data']>({ server: text, username: text, password: text }, { email: text }),
    createdTime: text,
    regionId: text,
  },
  {},
);

const jdcloudState = record<JdcloudState>(
  {
    containers: table(jdcloudContainer, (c) => c['containerId'], 'containerId'),
    // Secrets are filed by region and name (JdcloudApi.createSecret).
    secrets: table(secret, (s) => `${String(s['regionId'])}/${String(s['name'])}`, 'regionId/name'),
    clientTokens: byKey(list(text)),
    nextIp: whole,
    nextEip: whole,
  },
  {
    clientTokenRequests: byKey(text),
    elasticIps: table(
      record<ElasticIpModel>({ elasticIpId: text, elasticIpAddress: text, regionId: text }, {}),
      (e) => e['elasticIpId'],
      'elasticIpId',
    ),
  },
);

const tagList = list(record<{ Key: string; Value?: string | undefined }>({ Key: text }, { Value: text }));
const opsEvents = list(
  record<DataCacheModel['events'][number]>({ Type: text, Reason: text, Message: text, at: number }, {}),
);

/** The records of the operations served since SDK 2.0 (src/emulator/ops-state.ts), each as the handlers read it. */
const opsStateCheck = record<Partial<OpsState>>(
  {},
  {
    volumeSizes: byKey(byKey(number)),
    commitTasks: table(
      record<CommitTaskModel>(
        {
          TaskId: text,
          owner: text,
          RegionId: text,
          ContainerGroupId: text,
          ContainerName: text,
          image: text,
          createdAt: number,
          willFail: flag,
        },
        {},
      ),
      (t) => t['TaskId'],
      'TaskId',
    ),
    opsRecords: byKey(
      list(
        record<OpsRecordModel>(
          { OpsType: oneOf('coredump', 'tcpdump'), createdAt: number, expiresAt: number },
          { endsAt: number, closedAt: number },
        ),
      ),
    ),
    dataCaches: table(
      record<DataCacheModel>(
        {
          DataCacheId: text,
          owner: text,
          RegionId: text,
          Name: text,
          Bucket: text,
          Path: text,
          DataSource: record<DataCacheModel['DataSource']>({ Type: text, Options: byKey(text) }, {}),
          Size: number,
          Tags: tagList,
          SnapshotId: text,
          createdAt: number,
          loadStartedAt: number,
          readyAt: number,
          updating: flag,
          willFail: flag,
          events: opsEvents,
        },
        { RetentionDays: number, ResourceGroupId: text },
      ),
      (c) => c['DataCacheId'],
      'DataCacheId',
    ),
    virtualNodes: table(
      record<VirtualNodeModel>(
        {
          VirtualNodeId: text,
          owner: text,
          RegionId: text,
          ZoneId: text,
          VirtualNodeName: text,
          VSwitchId: text,
          SecurityGroupId: text,
          IntranetIp: text,
          Tags: tagList,
          createdAt: number,
          readyAt: number,
          willFail: flag,
          events: opsEvents,
        },
        { ResourceGroupId: text, InternetIp: text, ClusterDNS: text, ClusterDomain: text, CustomResources: text },
      ),
      (n) => n['VirtualNodeId'],
      'VirtualNodeId',
    ),
  },
);

/** A state file: one written before idempotency tokens were kept has none. */
type StateFile = Omit<EmulatorStateData, 'idempotency'> & {
  idempotency?: EmulatorStateData['idempotency'];
  eciOps?: Partial<OpsState> | undefined;
};

const state = record<StateFile>(
  {
    version: (value, at) => {
      if (value !== 1) fail(at, `is ${what(value)}; this emulator reads version 1`);
    },
    // New IDs are counted from it: without it they held NaN.
    sequence: whole,
    groups: table(group, (g) => g['ContainerGroupId'], 'ContainerGroupId'),
    imageCaches: table(imageCache, (c) => c['ImageCacheId'], 'ImageCacheId'),
  },
  { idempotency: byKey(idempotencyRecord), jdcloudContainer: jdcloudState, eciOps: opsStateCheck },
);

/**
 * Checks a parsed state file, and brings an older one up to date in place: without idempotency tokens (an empty
 * table), with JD Cloud's records under their first name, `nativeContainer` (moved to `jdcloudContainer`, where they
 * are read, so that they are not kept unread beside an empty table).
 */
function checkState(data: unknown): asserts data is EmulatorStateData {
  if (!isObject(data)) fail('it', `holds ${what(data)}, not the emulator's state object`);
  if (!has(data, 'jdcloudContainer') && has(data, 'nativeContainer')) {
    jdcloudState(data['nativeContainer'], 'nativeContainer');
    data['jdcloudContainer'] = data['nativeContainer'];
    delete data['nativeContainer'];
  }
  state(data, '');
  data['idempotency'] ??= {};
}
