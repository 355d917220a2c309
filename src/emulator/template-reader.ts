import { ApiError, invalid, missing } from './api-error';
import type {
  ContainerModel,
  GroupOptionValue,
  GroupSpec,
  KeyValue,
  LifecycleHandlerModel,
  ProbeModel,
  VolumeModel,
} from './model';
import type { CreateRequest, GroupOption, UpdateRequest } from './spec-parser';
import {
  checkContainerNames,
  checkGroupName,
  checkVolumes,
  GROUP_OPTIONS,
  groupResources,
  readGroupOptions,
  requireContainers,
  vSwitchList,
} from './spec-parser';

/**
 * The emulator's own reading of a CreateContainerGroupFromTemplate / UpdateContainerGroupByTemplate template: the
 * camelCase format of docs/reference/eci-api-2020-notes.md §6.7 and docs/reference/eci-api.md §6.1, as
 * schemas/eci-template.schema.json writes it down, read straight into the emulator's records.
 *
 * It deliberately shares nothing with the extension's conversion of templates into CreateContainerGroup parameters
 * (src/template/convert.ts, then src/eci/flatten.ts): the emulator is what that conversion is checked against, and a
 * misreading shared by both would pass every test. The rules of a group as a whole (unique names, mounted volumes,
 * vCPU and memory) are the emulator's API rules, the same functions CreateContainerGroup applies (spec-parser.ts).
 *
 * What it checks, and with which error:
 *  - Not JSON, or not a JSON object: IncorrectUserTemplateFormat, the error the reference gives for a template that
 *    is no JSON object (eci-api-2020-notes.md §6.7).
 *  - A field of the wrong JSON type (an object where a string belongs), or a field the format does not have:
 *    IncorrectUserTemplateFormat too, naming the field. The format closes every object (`additionalProperties:
 *    false` throughout the schema) and the reference says nothing of unknown fields being ignored; an emulator that
 *    dropped them would deploy a misspelt or misplaced field (such as the 2020 sample's own `runAsUser` outside
 *    `securityContext`, test/fixtures/templates/README.md) without it, the very mistake it is there to show.
 *  - Numbers and booleans may be written as strings ("5", "true"), as the reference's own sample does (§6.7); a
 *    string that is no number or boolean is InvalidParameter.
 *  - A required field that is missing or empty: MissingParameter. A value outside the schema's enum: InvalidParameter;
 *    outside its minimum and maximum: InvalidParameter.ValueExceeded; a list longer than allowed (the schema's
 *    maxItems, else the emulator's 100 of every RPC list): InvalidParameter.LengthExceeded. The same codes as the
 *    same mistakes in CreateContainerGroup's parameters.
 *
 * Fields the format has but the emulator does not model are read (so their type is checked) and then left out:
 * `$schema` (the editor's), `slsEnable` (no Log Service here), `imageSnapshotId` and `autoMatchImageCache` (not
 * part of the 2020 template action; the emulator's CreateContainerGroup does not use image caches either), a port's
 * `name` (the group records of docs/reference/eci-shapes.txt have none). The template's `regionId` is read too, but
 * the request's RegionId places the group, as the action's own parameter.
 */

type Json = Record<string, unknown>;

const TOP_KEYS = [
  '$schema',
  'regionId',
  'zoneId',
  'securityGroupId',
  'vSwitchId',
  'resourceGroupId',
  'eipInstanceId',
  'containerGroupName',
  'containerGroupId',
  'instanceType',
  'slsEnable',
  'imageSnapshotId',
  'autoMatchImageCache',
  'resources',
  'tags',
  'spec',
  'updateType',
  'acrRegistryInfos',
  'overheadReservationOption',
  ...GROUP_OPTIONS.map(templateKey),
];
const SPEC_KEYS = [
  'containers',
  'initContainers',
  'volumes',
  'restartPolicy',
  'dnsPolicy',
  'dnsConfig',
  'securityContext',
  'imagePullSecrets',
  'hostAliases',
  'hostSecurityContext',
] as const;
const INIT_CONTAINER_KEYS = [
  'name',
  'image',
  'imagePullPolicy',
  'resources',
  'command',
  'args',
  'workingDir',
  'env',
  'ports',
  'volumeMounts',
  'securityContext',
  'stdin',
  'stdinOnce',
  'tty',
  'terminationMessagePath',
  'terminationMessagePolicy',
] as const;
const CONTAINER_KEYS = [
  ...INIT_CONTAINER_KEYS,
  'readinessProbe',
  'livenessProbe',
  'environmentVarHide',
  'lifecycle',
] as const;
const PROBE_KEYS = [
  'initialDelaySeconds',
  'periodSeconds',
  'timeoutSeconds',
  'successThreshold',
  'failureThreshold',
  'exec',
  'tcpSocket',
  'httpGet',
] as const;
/** A template volume's kinds, one of which each volume is. */
const VOLUME_KINDS = ['nfs', 'emptyDir', 'configFile', 'disk', 'flexVolume', 'hostPath'] as const;
const KINDS_TEXT = "nfs, emptyDir and configFile, or today's disk, flexVolume and hostPath";
/** The default length limit of a list, as for every RPC list the emulator reads (params.ts, `Params.list`). */
const LIST_MAX = 100;
const CONFIG_FILE_MAX_BYTES = 32 * 1024;

/** A group option's template key: its RPC name in camelCase, a list in the plural (`NtpServer`: `ntpServers`). */
function templateKey(option: GroupOption): string {
  const camel = option.name.charAt(0).toLowerCase() + option.name.slice(1);
  return option.kind === 'strings' ? `${camel}s` : camel;
}

/** A group option as the template writes it, checked against the option's type and limits. */
function groupOption(t: Json, option: GroupOption): GroupOptionValue | undefined {
  const key = templateKey(option);
  switch (option.kind) {
    case 'boolean':
      return optBool(t, key, '');
    case 'integer':
    case 'number': {
      const bounds: Bounds = { integer: option.kind === 'integer' };
      return optNumber(t, key, '', {
        ...bounds,
        ...(option.min === undefined ? {} : { min: option.min }),
        ...(option.max === undefined ? {} : { max: option.max }),
      });
    }
    case 'strings':
      return optStrings(t, key, '', 10);
    case 'string':
      return option.values === undefined ? optString(t, key, '') : optEnum(t, key, '', option.values);
  }
}

// ----- Reading JSON values at a path --------------------------------------------------------------------------

const at = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);
const item = (path: string, index: number): string => `${path}[${index}]`;

function described(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `the ${typeof value} ${String(value)}`;
}

function wrongType(path: string, expected: string, value: unknown): ApiError {
  return new ApiError(
    400,
    'IncorrectUserTemplateFormat',
    `The template's ${path} must be ${expected}, not ${described(value)}.`,
  );
}

function unknownField(path: string, key: string, known: readonly string[]): ApiError {
  // A PascalCase key is the RPC spelling of a camelCase one (the 2020 sample writes sysctls' `Name` so).
  const camel = known.find((k) => k.toLowerCase() === key.toLowerCase());
  const where = path === '' ? 'at its top level' : `in ${path}`;
  return new ApiError(
    400,
    'IncorrectUserTemplateFormat',
    `The template has a field "${key}" ${where} that the template format does not have` +
      (camel === undefined ? `; it takes ${known.join(', ')}.` : `; the format writes it "${camel}".`),
  );
}

/** An object of the format, holding only the keys the format gives it. */
function object(value: unknown, path: string, known: readonly string[]): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw wrongType(path, 'an object', value);
  for (const key of Object.keys(value)) if (!known.includes(key)) throw unknownField(path, key, known);
  return value as Json;
}

function optObject(o: Json, key: string, path: string, known: readonly string[]): Json | undefined {
  return o[key] === undefined ? undefined : object(o[key], at(path, key), known);
}

function optString(o: Json, key: string, path: string): string | undefined {
  const value = o[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw wrongType(at(path, key), 'a string', value);
  return value;
}

/** A required string; an empty one is as missing as an absent one, as for the RPC parameters. */
function requiredString(o: Json, key: string, path: string): string {
  const value = optString(o, key, path);
  if (value === undefined || value === '') throw missing(at(path, key));
  return value;
}

interface Bounds {
  readonly integer?: boolean;
  readonly min?: number;
  readonly max?: number;
  /** The schema's `exclusiveMinimum`. */
  readonly above?: number;
}

const NUMBER_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function optNumber(o: Json, key: string, path: string, bounds: Bounds = {}): number | undefined {
  const value = o[key];
  const name = at(path, key);
  if (value === undefined) return undefined;
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string') {
    if (!NUMBER_TEXT.test(value.trim())) throw invalid(name, `"${value}" is not a number`);
    n = Number(value);
  } else throw wrongType(name, bounds.integer === true ? 'an integer' : 'a number', value);
  if (bounds.integer === true && !Number.isInteger(n)) throw invalid(name, `${n} is not an integer`);
  if (
    (bounds.min !== undefined && n < bounds.min) ||
    (bounds.max !== undefined && n > bounds.max) ||
    (bounds.above !== undefined && n <= bounds.above)
  ) {
    const low = bounds.above !== undefined ? `more than ${bounds.above}` : `at least ${bounds.min ?? '-∞'}`;
    throw new ApiError(
      400,
      'InvalidParameter.ValueExceeded',
      `The parameter ${name} must be ${low}${bounds.max === undefined ? '' : ` and at most ${bounds.max}`}; got ${n}.`,
    );
  }
  return n;
}

function optBool(o: Json, key: string, path: string): boolean | undefined {
  const value = o[key];
  if (value === undefined || typeof value === 'boolean') return value;
  if (typeof value !== 'string') throw wrongType(at(path, key), 'true or false', value);
  if (value !== 'true' && value !== 'false') throw invalid(at(path, key), `"${value}" is not true or false`);
  return value === 'true';
}

function optEnum<T extends string>(o: Json, key: string, path: string, allowed: readonly T[]): T | undefined {
  const value = optString(o, key, path);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value))
    throw invalid(at(path, key), `"${value}" is not one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`);
  return value as T;
}

/** A list of the format, each item read by `read` at its own path. */
function optList<T>(
  o: Json,
  key: string,
  path: string,
  read: (value: unknown, path: string) => T,
  max = LIST_MAX,
): T[] | undefined {
  const value = o[key];
  const name = at(path, key);
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw wrongType(name, 'a list', value);
  if (value.length > max)
    throw new ApiError(
      400,
      'InvalidParameter.LengthExceeded',
      `The list ${name} has ${value.length} elements; at most ${max} are allowed.`,
    );
  return value.map((v, i) => read(v, item(name, i)));
}

function aString(value: unknown, path: string): string {
  if (typeof value !== 'string') throw wrongType(path, 'a string', value);
  return value;
}

function optStrings(o: Json, key: string, path: string, max = LIST_MAX): string[] | undefined {
  return optList(o, key, path, aString, max);
}

// ----- The parts of a template ------------------------------------------------------------------------------

function probe(value: unknown, path: string): ProbeModel {
  const p = object(value, path, PROBE_KEYS);
  const handlers = (['exec', 'tcpSocket', 'httpGet'] as const).filter((h) => p[h] !== undefined);
  if (handlers.length > 1) throw invalid(path, 'a probe takes exactly one of exec, tcpSocket and httpGet');
  const exec = optObject(p, 'exec', path, ['command']);
  const tcp = optObject(p, 'tcpSocket', path, ['port']);
  const http = optObject(p, 'httpGet', path, ['path', 'port', 'scheme']);
  const port = (o: Json, where: string): number => {
    const n = optNumber(o, 'port', where, { integer: true, min: 1, max: 65535 });
    if (n === undefined) throw missing(at(where, 'port'));
    return n;
  };
  const command = (o: Json, where: string): string[] => {
    const list = optStrings(o, 'command', where);
    if (list === undefined) throw missing(at(where, 'command'));
    return list;
  };
  return {
    InitialDelaySeconds: optNumber(p, 'initialDelaySeconds', path, { integer: true, min: 0 }),
    PeriodSeconds: optNumber(p, 'periodSeconds', path, { integer: true, min: 1 }),
    SuccessThreshold: optNumber(p, 'successThreshold', path, { integer: true, min: 1 }),
    FailureThreshold: optNumber(p, 'failureThreshold', path, { integer: true, min: 1 }),
    TimeoutSeconds: optNumber(p, 'timeoutSeconds', path, { integer: true, min: 1 }),
    Exec: exec === undefined ? undefined : { Command: command(exec, at(path, 'exec')) },
    HttpGet:
      http === undefined
        ? undefined
        : {
            Path: optString(http, 'path', at(path, 'httpGet')),
            Port: port(http, at(path, 'httpGet')),
            Scheme: optEnum(http, 'scheme', at(path, 'httpGet'), ['HTTP', 'HTTPS'] as const),
          },
    TcpSocket: tcp === undefined ? undefined : { Port: port(tcp, at(path, 'tcpSocket')) },
  };
}

/** A lifecycle handler (`lifecycle.postStart`, `lifecycle.preStop`): exactly one of exec, httpGet and tcpSocket. */
function lifecycleHandler(value: unknown, path: string): LifecycleHandlerModel {
  const h = object(value, path, ['exec', 'httpGet', 'tcpSocket']);
  const kinds = (['exec', 'httpGet', 'tcpSocket'] as const).filter((k) => h[k] !== undefined);
  if (kinds.length !== 1) throw invalid(path, 'a handler takes exactly one of exec, httpGet and tcpSocket');
  const exec = optObject(h, 'exec', path, ['command']);
  const http = optObject(h, 'httpGet', path, ['host', 'path', 'port', 'scheme', 'httpHeaders']);
  const tcp = optObject(h, 'tcpSocket', path, ['host', 'port']);
  const httpPath = at(path, 'httpGet');
  const tcpPath = at(path, 'tcpSocket');
  const command = exec === undefined ? undefined : optStrings(exec, 'command', at(path, 'exec'), 20);
  if (exec !== undefined && (command === undefined || command.length === 0)) throw missing(at(path, 'exec.command'));
  return {
    Exec: command,
    HttpGet:
      http === undefined
        ? undefined
        : {
            Host: optString(http, 'host', httpPath),
            Path: optString(http, 'path', httpPath),
            Port: optNumber(http, 'port', httpPath, { integer: true, min: 1, max: 65535 }),
            Scheme: optEnum(http, 'scheme', httpPath, ['HTTP', 'HTTPS'] as const),
            HttpHeaders: optList(http, 'httpHeaders', httpPath, nameValue) ?? [],
          },
    TcpSocket:
      tcp === undefined
        ? undefined
        : {
            Host: optString(tcp, 'host', tcpPath),
            Port: optNumber(tcp, 'port', tcpPath, { integer: true, min: 1, max: 65535 }),
          },
  };
}

/** The capabilities a container may add (the schema's enum). */
function capability(value: unknown, path: string): string {
  const name = aString(value, path);
  if (name !== 'NET_ADMIN' && name !== 'NET_RAW') throw invalid(path, `"${name}" is not one of "NET_ADMIN", "NET_RAW"`);
  return name;
}

function environmentVariable(value: unknown, path: string): ContainerModel['EnvironmentVars'][number] {
  const e = object(value, path, ['name', 'value', 'valueFrom']);
  const from = optObject(e, 'valueFrom', path, ['fieldRef']);
  const ref = from === undefined ? undefined : optObject(from, 'fieldRef', at(path, 'valueFrom'), ['fieldPath']);
  const refPath = at(path, 'valueFrom.fieldRef');
  const fieldPath = ref === undefined ? undefined : optEnum(ref, 'fieldPath', refPath, ['status.podIP'] as const);
  if (ref !== undefined && fieldPath === undefined) throw missing(at(refPath, 'fieldPath'));
  return { Key: requiredString(e, 'name', path), Value: optString(e, 'value', path), FieldPath: fieldPath };
}

function container(value: unknown, path: string, withProbes: boolean): ContainerModel {
  const c = object(value, path, withProbes ? CONTAINER_KEYS : INIT_CONTAINER_KEYS);
  const resources = optObject(c, 'resources', path, ['cpu', 'memory', 'gpu']);
  const resourcesPath = at(path, 'resources');
  const lifecycle = withProbes ? optObject(c, 'lifecycle', path, ['postStart', 'preStop']) : undefined;
  const lifecyclePath = at(path, 'lifecycle');
  const commands = optStrings(c, 'command', path, 20) ?? [];
  commands.forEach((command, i) => {
    if (command.length > 256) throw invalid(item(at(path, 'command'), i), 'a command may be at most 256 characters');
  });
  const security = optObject(
    c,
    'securityContext',
    path,
    withProbes
      ? ['readOnlyRootFilesystem', 'runAsUser', 'capabilities', 'runAsGroup', 'runAsNonRoot']
      : ['readOnlyRootFilesystem', 'runAsUser', 'capabilities'],
  );
  const securityPath = at(path, 'securityContext');
  const capabilities = security === undefined ? undefined : optObject(security, 'capabilities', securityPath, ['add']);
  const liveness =
    withProbes && c['livenessProbe'] !== undefined ? probe(c['livenessProbe'], at(path, 'livenessProbe')) : undefined;
  if (liveness?.SuccessThreshold !== undefined && liveness.SuccessThreshold !== 1)
    throw invalid(at(path, 'livenessProbe.successThreshold'), 'must be 1 for a liveness probe');
  return {
    Name: requiredString(c, 'name', path),
    Image: requiredString(c, 'image', path),
    ImagePullPolicy:
      optEnum(c, 'imagePullPolicy', path, ['Always', 'IfNotPresent', 'Never'] as const) ?? 'IfNotPresent',
    Cpu: (resources === undefined ? undefined : optNumber(resources, 'cpu', resourcesPath, { above: 0 })) ?? 0,
    Memory: (resources === undefined ? undefined : optNumber(resources, 'memory', resourcesPath, { above: 0 })) ?? 0,
    Gpu:
      (resources === undefined ? undefined : optNumber(resources, 'gpu', resourcesPath, { integer: true, min: 0 })) ??
      0,
    WorkingDir: optString(c, 'workingDir', path),
    Commands: commands,
    Args: optStrings(c, 'args', path, 10) ?? [],
    Stdin: optBool(c, 'stdin', path) ?? false,
    StdinOnce: optBool(c, 'stdinOnce', path) ?? false,
    Tty: optBool(c, 'tty', path) ?? false,
    EnvironmentVars: optList(c, 'env', path, environmentVariable) ?? [],
    Ports:
      optList(c, 'ports', path, (v, where) => {
        const port = object(v, where, ['containerPort', 'protocol', 'name']);
        optString(port, 'name', where); // the group records have no port names: read, then left out
        const number = optNumber(port, 'containerPort', where, { integer: true, min: 1, max: 65535 });
        if (number === undefined) throw missing(at(where, 'containerPort'));
        return { Port: number, Protocol: optEnum(port, 'protocol', where, ['TCP', 'UDP'] as const) ?? 'TCP' };
      }) ?? [],
    VolumeMounts:
      optList(c, 'volumeMounts', path, (v, where) => {
        const mount = object(v, where, ['name', 'mountPath', 'subPath', 'readOnly', 'mountPropagation']);
        return {
          Name: requiredString(mount, 'name', where),
          MountPath: requiredString(mount, 'mountPath', where),
          SubPath: optString(mount, 'subPath', where),
          ReadOnly: optBool(mount, 'readOnly', where) ?? false,
          MountPropagation: optEnum(mount, 'mountPropagation', where, [
            'None',
            'HostToContainer',
            'Bidirectional',
          ] as const),
        };
      }) ?? [],
    SecurityContext:
      security === undefined
        ? undefined
        : {
            CapabilityAdd:
              (capabilities === undefined
                ? undefined
                : optList(capabilities, 'add', at(securityPath, 'capabilities'), capability)) ?? [],
            ReadOnlyRootFilesystem: optBool(security, 'readOnlyRootFilesystem', securityPath),
            RunAsUser: optNumber(security, 'runAsUser', securityPath, { integer: true, min: 0 }),
            RunAsGroup: optNumber(security, 'runAsGroup', securityPath, { integer: true, min: 0 }),
            RunAsNonRoot: optBool(security, 'runAsNonRoot', securityPath),
          },
    ReadinessProbe:
      withProbes && c['readinessProbe'] !== undefined
        ? probe(c['readinessProbe'], at(path, 'readinessProbe'))
        : undefined,
    LivenessProbe: liveness,
    EnvironmentVarHide: optBool(c, 'environmentVarHide', path),
    TerminationMessagePath: optString(c, 'terminationMessagePath', path),
    TerminationMessagePolicy: optEnum(c, 'terminationMessagePolicy', path, ['File', 'FallbackToLogsOnError'] as const),
    PostStart:
      lifecycle?.['postStart'] === undefined
        ? undefined
        : lifecycleHandler(lifecycle['postStart'], at(lifecyclePath, 'postStart')),
    PreStop:
      lifecycle?.['preStop'] === undefined
        ? undefined
        : lifecycleHandler(lifecycle['preStop'], at(lifecyclePath, 'preStop')),
  };
}

function volume(value: unknown, path: string): VolumeModel {
  const v = object(value, path, ['name', ...VOLUME_KINDS]);
  const name = requiredString(v, 'name', path);
  const kinds = VOLUME_KINDS.filter((kind) => v[kind] !== undefined);
  if (kinds.length === 0) throw missing(`${path}: one of ${KINDS_TEXT}`);
  if (kinds.length > 1) throw invalid(path, `a volume is exactly one of ${KINDS_TEXT}`);
  const disk = optObject(v, 'disk', path, ['diskId', 'diskSize', 'fsType']);
  if (disk !== undefined) {
    const where = at(path, 'disk');
    return {
      Name: name,
      Type: 'DiskVolume',
      DiskVolume: {
        DiskId: requiredString(disk, 'diskId', where),
        FsType: optString(disk, 'fsType', where),
        DiskSize: optNumber(disk, 'diskSize', where, { integer: true, min: 1 }),
      },
    };
  }
  const flex = optObject(v, 'flexVolume', path, ['driver', 'fsType', 'options']);
  if (flex !== undefined) {
    const where = at(path, 'flexVolume');
    return {
      Name: name,
      Type: 'FlexVolume',
      FlexVolume: {
        Driver: requiredString(flex, 'driver', where),
        FsType: optString(flex, 'fsType', where),
        Options: optString(flex, 'options', where),
      },
    };
  }
  const hostPath = optObject(v, 'hostPath', path, ['path', 'type']);
  if (hostPath !== undefined) {
    const where = at(path, 'hostPath');
    return {
      Name: name,
      Type: 'HostPathVolume',
      HostPathVolume: { Path: requiredString(hostPath, 'path', where), Type: optString(hostPath, 'type', where) },
    };
  }
  const nfs = optObject(v, 'nfs', path, ['server', 'path', 'readOnly']);
  if (nfs !== undefined) {
    const where = at(path, 'nfs');
    return {
      Name: name,
      Type: 'NFSVolume',
      NFSVolume: {
        Server: requiredString(nfs, 'server', where),
        Path: requiredString(nfs, 'path', where),
        ReadOnly: optBool(nfs, 'readOnly', where) ?? false,
      },
    };
  }
  const emptyDir = optObject(v, 'emptyDir', path, ['medium', 'sizeLimit']);
  if (emptyDir !== undefined) {
    const where = at(path, 'emptyDir');
    return {
      Name: name,
      Type: 'EmptyDirVolume',
      EmptyDirVolume: {
        Medium: optEnum(emptyDir, 'medium', where, ['', 'Memory'] as const),
        SizeLimit: optString(emptyDir, 'sizeLimit', where),
      },
    };
  }
  const where = at(path, 'configFile');
  const config = object(v['configFile'], where, ['defaultMode', 'items']);
  const files = optList(config, 'items', where, (f, itemPath) => {
    const file = object(f, itemPath, ['path', 'content', 'mode']);
    // Written as text here; the records hold it base64-encoded, as CreateContainerGroup's parameter carries it.
    const content = requiredString(file, 'content', itemPath);
    if (Buffer.byteLength(content, 'utf8') > CONFIG_FILE_MAX_BYTES)
      throw invalid(at(itemPath, 'content'), 'a config file may hold at most 32 KB');
    return {
      Path: requiredString(file, 'path', itemPath),
      Content: Buffer.from(content, 'utf8').toString('base64'),
      Mode: optNumber(file, 'mode', itemPath, { integer: true, min: 0, max: 0o777 }),
    };
  });
  if (files === undefined) throw missing(at(where, 'items'));
  return {
    Name: name,
    Type: 'ConfigFileVolume',
    ConfigFileVolume: {
      DefaultMode: optNumber(config, 'defaultMode', where, { integer: true, min: 0, max: 0o777 }),
      ConfigFileToPath: files,
    },
  };
}

const nameValue = (v: unknown, where: string): { Name: string; Value?: string | undefined } => {
  const o = object(v, where, ['name', 'value']);
  return { Name: requiredString(o, 'name', where), Value: optString(o, 'value', where) };
};

/** What a template says of the group's spec; undefined: not said (an update keeps what the group has). */
interface SpecParts {
  containers?: ContainerModel[] | undefined;
  initContainers?: ContainerModel[] | undefined;
  volumes?: VolumeModel[] | undefined;
  tags?: KeyValue[] | undefined;
  restartPolicy?: GroupSpec['RestartPolicy'] | undefined;
  cpu?: number | undefined;
  memory?: number | undefined;
  instanceType?: string | undefined;
  dnsPolicy?: string | undefined;
  dnsConfig?: GroupSpec['DnsConfig'];
  sysctls?: GroupSpec['Sysctls'] | undefined;
  hostSysctls?: GroupSpec['HostSysctls'];
  hostAliases?: GroupSpec['HostAliases'] | undefined;
  registryCredentials?: GroupSpec['RegistryCredentials'] | undefined;
  options?: GroupSpec['Options'];
  acrRegistryInfos?: GroupSpec['AcrRegistryInfos'];
  enableOverheadReservation?: boolean | undefined;
}

function specParts(t: Json): SpecParts {
  const resources = optObject(t, 'resources', '', ['cpu', 'memory']);
  const overhead = optObject(t, 'overheadReservationOption', '', ['enableOverheadReservation']);
  const parts: SpecParts = {
    enableOverheadReservation:
      overhead === undefined ? undefined : optBool(overhead, 'enableOverheadReservation', 'overheadReservationOption'),
    acrRegistryInfos: optList(
      t,
      'acrRegistryInfos',
      '',
      (v, where) => {
        const a = object(v, where, ['instanceId', 'instanceName', 'regionId', 'domains', 'arnService', 'arnUser']);
        return {
          InstanceId: optString(a, 'instanceId', where),
          InstanceName: optString(a, 'instanceName', where),
          RegionId: optString(a, 'regionId', where),
          Domains: optStrings(a, 'domains', where, 10) ?? [],
          ArnService: optString(a, 'arnService', where),
          ArnUser: optString(a, 'arnUser', where),
        };
      },
      10,
    ),
    cpu: resources === undefined ? undefined : optNumber(resources, 'cpu', 'resources', { above: 0 }),
    memory: resources === undefined ? undefined : optNumber(resources, 'memory', 'resources', { above: 0 }),
    instanceType: optString(t, 'instanceType', ''),
    tags: optList(
      t,
      'tags',
      '',
      (v, where) => {
        const tag = object(v, where, ['key', 'value']);
        return { Key: requiredString(tag, 'key', where), Value: optString(tag, 'value', where) };
      },
      20,
    ),
  };
  const spec = optObject(t, 'spec', '', SPEC_KEYS);
  if (spec === undefined) return parts;
  // The schema requires `containers` of every spec, the update form's too.
  if (spec['containers'] === undefined) throw missing('spec.containers');
  const dns = optObject(spec, 'dnsConfig', 'spec', ['nameServers', 'searches', 'options']);
  const security = optObject(spec, 'securityContext', 'spec', ['sysctls']);
  const hostSecurity = optObject(spec, 'hostSecurityContext', 'spec', ['sysctls']);
  return {
    hostSysctls:
      hostSecurity === undefined
        ? undefined
        : (optList(hostSecurity, 'sysctls', 'spec.hostSecurityContext', nameValue) ?? []),
    ...parts,
    containers: optList(spec, 'containers', 'spec', (v, where) => container(v, where, true), 20),
    initContainers: optList(spec, 'initContainers', 'spec', (v, where) => container(v, where, false), 20),
    volumes: optList(spec, 'volumes', 'spec', volume, 20),
    restartPolicy: optEnum(spec, 'restartPolicy', 'spec', ['Always', 'OnFailure', 'Never'] as const),
    dnsPolicy: optEnum(spec, 'dnsPolicy', 'spec', ['Default', 'None'] as const),
    dnsConfig:
      dns === undefined
        ? undefined
        : {
            NameServers: optStrings(dns, 'nameServers', 'spec.dnsConfig', 3) ?? [],
            Searches: optStrings(dns, 'searches', 'spec.dnsConfig', 6) ?? [],
            Options: optList(dns, 'options', 'spec.dnsConfig', nameValue) ?? [],
          },
    sysctls:
      security === undefined ? undefined : (optList(security, 'sysctls', 'spec.securityContext', nameValue) ?? []),
    hostAliases: optList(spec, 'hostAliases', 'spec', (v, where) => {
      const alias = object(v, where, ['ip', 'hostnames']);
      const hostnames = optStrings(alias, 'hostnames', where);
      if (hostnames === undefined) throw missing(at(where, 'hostnames'));
      return { Ip: requiredString(alias, 'ip', where), Hostnames: hostnames };
    }),
    registryCredentials: optList(spec, 'imagePullSecrets', 'spec', (v, where) => {
      const secret = object(v, where, ['server', 'userName', 'password']);
      return {
        Server: requiredString(secret, 'server', where),
        UserName: requiredString(secret, 'userName', where),
        Password: requiredString(secret, 'password', where),
      };
    }),
  };
}

/** The group's spec from the template's parts and, on an update, what the group had; with the API's group rules. */
function assemble(parts: SpecParts, previous: GroupSpec | undefined): GroupSpec {
  const containers = parts.containers ?? previous?.Containers ?? [];
  requireContainers(containers, 'spec.containers');
  const initContainers = parts.initContainers ?? previous?.InitContainers ?? [];
  checkContainerNames([...containers, ...initContainers]);
  const volumes = parts.volumes ?? previous?.Volumes ?? [];
  checkVolumes(volumes, [...containers, ...initContainers]);
  const { Cpu, Memory } = groupResources(parts.cpu, parts.memory, containers, previous, parts.instanceType);
  return {
    RestartPolicy: parts.restartPolicy ?? previous?.RestartPolicy ?? 'Always',
    Cpu,
    Memory,
    InstanceType: parts.instanceType ?? previous?.InstanceType,
    Containers: containers,
    InitContainers: initContainers,
    Volumes: volumes,
    Tags: parts.tags ?? previous?.Tags ?? [],
    DnsPolicy: parts.dnsPolicy ?? previous?.DnsPolicy,
    DnsConfig: parts.dnsConfig ?? previous?.DnsConfig,
    Sysctls: parts.sysctls ?? previous?.Sysctls ?? [],
    HostSysctls: parts.hostSysctls ?? previous?.HostSysctls,
    HostAliases: parts.hostAliases ?? previous?.HostAliases ?? [],
    RegistryCredentials: parts.registryCredentials ?? previous?.RegistryCredentials ?? [],
    Options: previous?.Options ?? parts.options ?? {},
    AcrRegistryInfos: parts.acrRegistryInfos ?? previous?.AcrRegistryInfos,
    EnableOverheadReservation: parts.enableOverheadReservation ?? previous?.EnableOverheadReservation,
  };
}

// ----- The two actions --------------------------------------------------------------------------------------

/** The template parameter as a JSON object of the format's top level. */
function templateObject(text: string | undefined): Json {
  if (text === undefined || text === '') throw missing('Template');
  let template: unknown;
  try {
    template = JSON.parse(text) as unknown;
  } catch (error) {
    throw new ApiError(
      400,
      'IncorrectUserTemplateFormat',
      `The template is not valid JSON: ${(error as Error).message}`,
    );
  }
  if (template === null || typeof template !== 'object' || Array.isArray(template))
    throw new ApiError(400, 'IncorrectUserTemplateFormat', 'The template must be a JSON object.');
  const t = object(template, '', TOP_KEYS);
  // Read for their types only (see the top of this file).
  optString(t, '$schema', '');
  optString(t, 'regionId', '');
  optBool(t, 'slsEnable', '');
  optString(t, 'imageSnapshotId', '');
  optBool(t, 'autoMatchImageCache', '');
  return t;
}

/** CreateContainerGroupFromTemplate: the create form, `containerGroupName` and `spec` required. */
export function templateCreateRequest(text: string | undefined): CreateRequest {
  const t = templateObject(text);
  if (t['containerGroupId'] !== undefined) {
    optString(t, 'containerGroupId', '');
    throw invalid('containerGroupId', 'it names a group to update; CreateContainerGroupFromTemplate makes a new one');
  }
  const name = requiredString(t, 'containerGroupName', '');
  checkGroupName(name);
  // Optional, as in today's CreateContainerGroup: the defaults of the zone are used (api.ts).
  const securityGroupId = optString(t, 'securityGroupId', '');
  const vSwitchIds = vSwitchList(optString(t, 'vSwitchId', '') ?? '');
  if (t['spec'] === undefined) throw missing('spec');
  if (t['updateType'] !== undefined)
    throw invalid('updateType', 'it is an update field; CreateContainerGroupFromTemplate makes a new group');
  const parts = { ...specParts(t), options: readGroupOptions((option) => groupOption(t, option)) };
  return {
    name,
    securityGroupId,
    vSwitchIds,
    zoneId: optString(t, 'zoneId', ''),
    resourceGroupId: optString(t, 'resourceGroupId', ''),
    eipInstanceId: optString(t, 'eipInstanceId', ''),
    autoCreateEip: false,
    dryRun: false,
    spec: () => assemble(parts, undefined),
  };
}

/**
 * UpdateContainerGroupByTemplate: the update form, the group named by `containerGroupId` (or by the action's own
 * ContainerGroupId parameter) and only what changes given. Placement (name, zone, vSwitch, security group, elastic
 * IP, resource group) is not changed by an update, as by UpdateContainerGroup: those fields are read and left out.
 */
export function templateUpdateRequest(text: string | undefined, requestGroupId: string | undefined): UpdateRequest {
  const t = templateObject(text);
  for (const key of [
    'containerGroupName',
    'zoneId',
    'securityGroupId',
    'vSwitchId',
    'resourceGroupId',
    'eipInstanceId',
  ])
    optString(t, key, '');
  const containerGroupId = optString(t, 'containerGroupId', '') ?? requestGroupId;
  if (containerGroupId === undefined || containerGroupId === '') throw missing('containerGroupId');
  if (requestGroupId !== undefined && requestGroupId !== '' && requestGroupId !== containerGroupId)
    throw invalid('containerGroupId', `the template names ${containerGroupId}, the request ${requestGroupId}`);
  // The group options are create-only, as in UpdateContainerGroup: read for their types, and the group keeps its own.
  for (const option of GROUP_OPTIONS) groupOption(t, option);
  const parts = specParts(t);
  // RenewUpdate replaces the spec by what the template gives (what it leaves out is reset); IncrementalUpdate, the
  // default, changes only what it gives. Either way the group keeps its create-only options.
  const renew = optEnum(t, 'updateType', '', ['IncrementalUpdate', 'RenewUpdate'] as const) === 'RenewUpdate';
  return {
    containerGroupId,
    spec: (previous) =>
      renew ? { ...assemble(parts, undefined), Options: previous.Options } : assemble(parts, previous),
  };
}
