import type { RpcParams, RpcValue } from '../eci/flatten';

/**
 * Conversion of the CreateContainerGroupFromTemplate format (camelCase JSON, as the seed documents it) into the
 * parameters of CreateContainerGroup / UpdateContainerGroup (PascalCase RPC names, lists as arrays, flattened by
 * the client). Pure and tolerant: fields of the wrong type are left out here; validation reports them elsewhere.
 * Config-file content is written as text in templates and sent base64-encoded, as the RPC API expects.
 */
type Json = Record<string, unknown>;

const obj = (value: unknown): Json | undefined => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined);
const arr = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const scalar = (value: unknown): string | number | boolean | undefined =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : undefined;
const strings = (value: unknown): string[] | undefined => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined);
const listOrUndefined = <T>(items: T[]): T[] | undefined => (items.length === 0 ? undefined : items);

function probe(value: unknown): RpcParams | undefined {
  const p = obj(value);
  if (p === undefined) return undefined;
  const exec = obj(p['exec']);
  const http = obj(p['httpGet']);
  const tcp = obj(p['tcpSocket']);
  return {
    InitialDelaySeconds: scalar(p['initialDelaySeconds']),
    PeriodSeconds: scalar(p['periodSeconds']),
    SuccessThreshold: scalar(p['successThreshold']),
    FailureThreshold: scalar(p['failureThreshold']),
    TimeoutSeconds: scalar(p['timeoutSeconds']),
    Exec: exec === undefined ? undefined : { Command: strings(exec['command']) },
    HttpGet: http === undefined ? undefined : { Path: scalar(http['path']), Port: scalar(http['port']), Scheme: scalar(http['scheme']) },
    TcpSocket: tcp === undefined ? undefined : { Port: scalar(tcp['port']) },
  };
}

function container(value: unknown, withProbes: boolean): RpcParams {
  const c = obj(value) ?? {};
  const resources = obj(c['resources']);
  const security = obj(c['securityContext']);
  const result: Record<string, RpcValue> = {
    Name: scalar(c['name']),
    Image: scalar(c['image']),
    ImagePullPolicy: scalar(c['imagePullPolicy']),
    Cpu: scalar(resources?.['cpu']),
    Memory: scalar(resources?.['memory']),
    WorkingDir: scalar(c['workingDir']),
    Command: listOrUndefined(strings(c['command']) ?? []),
    Arg: listOrUndefined(strings(c['args']) ?? []),
    Stdin: scalar(c['stdin']),
    StdinOnce: scalar(c['stdinOnce']),
    Tty: scalar(c['tty']),
    EnvironmentVar: listOrUndefined(
      arr(c['env']).map((e) => {
        const env = obj(e) ?? {};
        const fieldPath = scalar(obj(obj(env['valueFrom'])?.['fieldRef'])?.['fieldPath']);
        return { Key: scalar(env['name']), Value: scalar(env['value']), FieldRef: fieldPath === undefined ? undefined : { FieldPath: fieldPath } };
      }),
    ),
    Port: listOrUndefined(arr(c['ports']).map((p) => ({ Port: scalar(obj(p)?.['containerPort']), Protocol: scalar(obj(p)?.['protocol']) }))),
    VolumeMount: listOrUndefined(
      arr(c['volumeMounts']).map((m) => ({ Name: scalar(obj(m)?.['name']), MountPath: scalar(obj(m)?.['mountPath']), SubPath: scalar(obj(m)?.['subPath']), ReadOnly: scalar(obj(m)?.['readOnly']) })),
    ),
    SecurityContext:
      security === undefined
        ? undefined
        : {
            ReadOnlyRootFilesystem: scalar(security['readOnlyRootFilesystem']),
            RunAsUser: scalar(security['runAsUser']),
            Capability: obj(security['capabilities']) === undefined ? undefined : { Add: strings(obj(security['capabilities'])?.['add']) },
          },
  };
  if (withProbes) {
    result['ReadinessProbe'] = probe(c['readinessProbe']);
    result['LivenessProbe'] = probe(c['livenessProbe']);
  }
  return result;
}

function volume(value: unknown): RpcParams {
  const v = obj(value) ?? {};
  const configFile = obj(v['configFile']);
  const emptyDir = obj(v['emptyDir']);
  const nfs = obj(v['nfs']);
  const type = configFile !== undefined ? 'ConfigFileVolume' : nfs !== undefined ? 'NFSVolume' : emptyDir !== undefined ? 'EmptyDirVolume' : scalar(v['type']);
  return {
    Name: scalar(v['name']),
    Type: type,
    ConfigFileVolume:
      configFile === undefined
        ? undefined
        : {
            DefaultMode: scalar(configFile['defaultMode']),
            ConfigFileToPath: arr(configFile['items']).map((item) => {
              const i = obj(item) ?? {};
              const content = scalar(i['content']);
              return { Path: scalar(i['path']), Content: content === undefined ? undefined : Buffer.from(String(content), 'utf8').toString('base64'), Mode: scalar(i['mode']) };
            }),
          },
    EmptyDirVolume: emptyDir === undefined ? undefined : { SizeLimit: scalar(emptyDir['sizeLimit']), Medium: scalar(emptyDir['medium']) },
    NFSVolume: nfs === undefined ? undefined : { Server: scalar(nfs['server']), Path: scalar(nfs['path']), ReadOnly: scalar(nfs['readOnly']) },
  };
}

/** Template → CreateContainerGroup parameters (also UpdateContainerGroup's, with ContainerGroupId). */
export function templateToRpcParams(template: unknown): RpcParams {
  const t = obj(template) ?? {};
  const spec = obj(t['spec']) ?? {};
  const resources = obj(t['resources']);
  const dns = obj(spec['dnsConfig']);
  const sysctls = arr(obj(spec['securityContext'])?.['sysctls']);
  return {
    RegionId: scalar(t['regionId']),
    ZoneId: scalar(t['zoneId']),
    SecurityGroupId: scalar(t['securityGroupId']),
    VSwitchId: scalar(t['vSwitchId']),
    ResourceGroupId: scalar(t['resourceGroupId']),
    EipInstanceId: scalar(t['eipInstanceId']),
    ContainerGroupName: scalar(t['containerGroupName']),
    ContainerGroupId: scalar(t['containerGroupId']),
    InstanceType: scalar(t['instanceType']),
    Cpu: scalar(resources?.['cpu']),
    Memory: scalar(resources?.['memory']),
    Tag: listOrUndefined(arr(t['tags']).map((tag) => ({ Key: scalar(obj(tag)?.['key']), Value: scalar(obj(tag)?.['value']) }))),
    RestartPolicy: scalar(spec['restartPolicy']),
    DnsPolicy: scalar(spec['dnsPolicy']),
    Container: listOrUndefined(arr(spec['containers']).map((c) => container(c, true))),
    InitContainer: listOrUndefined(arr(spec['initContainers']).map((c) => container(c, false))),
    Volume: listOrUndefined(arr(spec['volumes']).map(volume)),
    DnsConfig:
      dns === undefined
        ? undefined
        : {
            NameServer: listOrUndefined(strings(dns['nameServers']) ?? []),
            Search: listOrUndefined(strings(dns['searches']) ?? []),
            Option: listOrUndefined(arr(dns['options']).map((o) => ({ Name: scalar(obj(o)?.['name']), Value: scalar(obj(o)?.['value']) }))),
          },
    SecurityContext: sysctls.length === 0 ? undefined : { Sysctl: sysctls.map((s) => ({ Name: scalar(obj(s)?.['name']), Value: scalar(obj(s)?.['value']) })) },
    HostAliase: listOrUndefined(arr(spec['hostAliases']).map((h) => ({ Ip: scalar(obj(h)?.['ip']), Hostname: strings(obj(h)?.['hostnames']) }))),
    ImageRegistryCredential: listOrUndefined(
      arr(spec['imagePullSecrets']).map((s) => ({ Server: scalar(obj(s)?.['server']), UserName: scalar(obj(s)?.['userName']), Password: scalar(obj(s)?.['password']) })),
    ),
  };
}
