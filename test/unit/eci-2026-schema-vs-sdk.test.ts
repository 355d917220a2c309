import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import * as $Eci from '@alicloud/eci20180808';

/**
 * The template schema against the official SDK's request models (@alicloud/eci20180808, the generated classes of
 * today's CreateContainerGroup / UpdateContainerGroup): every field a request takes is in the schema, under its
 * camelCase name at the place the template format gives it, or on the short list of deliberate exclusions below.
 * A new SDK with a new field fails this test until the field is added or excluded with a reason.
 */

type Schema = { properties?: Record<string, Schema>; items?: Schema };
const schema = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'schemas', 'eci-template.schema.json'), 'utf8'),
) as Schema;

interface TeaModel {
  names(): Record<string, string>;
  types(): Record<string, unknown>;
}
const isModel = (t: unknown): t is TeaModel =>
  typeof t === 'function' && typeof (t as Partial<TeaModel>).names === 'function';

/** Every field path of a request class: `container[].volumeMount[].mountPath` (the SDK's camelCase keys). */
function fieldPaths(model: TeaModel, prefix = ''): string[] {
  const types = model.types();
  return Object.keys(model.names()).flatMap((key) => {
    let type = types[key];
    let list = '';
    if (typeof type === 'object' && type !== null && (type as { type?: string }).type === 'array') {
      type = (type as { itemType: unknown }).itemType;
      list = '[]';
    }
    const path = `${prefix}${key}${list}`;
    return isModel(type) ? fieldPaths(type, `${path}.`) : [path];
  });
}

/**
 * Where the template format puts what the RPC API calls otherwise (its Kubernetes-like names and nesting, as
 * docs/reference/eci-api-2020-notes.md §6.7 writes them). The longest matching prefix applies; what follows it keeps
 * the SDK's name. A top-level field not renamed here is looked for at the top and then under `spec`.
 */
const RENAMED: Record<string, string> = {
  cpu: 'resources.cpu',
  memory: 'resources.memory',
  tag: 'tags',
  container: 'spec.containers',
  initContainer: 'spec.initContainers',
  volume: 'spec.volumes',
  dnsConfig: 'spec.dnsConfig',
  'dnsConfig.nameServer': 'spec.dnsConfig.nameServers',
  'dnsConfig.search': 'spec.dnsConfig.searches',
  'dnsConfig.option': 'spec.dnsConfig.options',
  'securityContext.sysctl': 'spec.securityContext.sysctls',
  'hostSecurityContext.sysctl': 'spec.hostSecurityContext.sysctls',
  hostAliase: 'spec.hostAliases',
  'hostAliase.hostname': 'spec.hostAliases.hostnames',
  imageRegistryCredential: 'spec.imagePullSecrets',
  'volume.NFSVolume': 'spec.volumes.nfs',
  'volume.emptyDirVolume': 'spec.volumes.emptyDir',
  'volume.configFileVolume': 'spec.volumes.configFile',
  'volume.configFileVolume.configFileToPath': 'spec.volumes.configFile.items',
  'volume.diskVolume': 'spec.volumes.disk',
  'volume.flexVolume': 'spec.volumes.flexVolume',
  'volume.hostPathVolume': 'spec.volumes.hostPath',
  acrRegistryInfo: 'acrRegistryInfos',
  'acrRegistryInfo.domain': 'acrRegistryInfos.domains',
  ntpServer: 'ntpServers',
};
/** The same renames in a container and an init container. */
const CONTAINER_RENAMED: Record<string, string> = {
  cpu: 'resources.cpu',
  memory: 'resources.memory',
  gpu: 'resources.gpu',
  arg: 'args',
  environmentVar: 'env',
  'environmentVar.key': 'env.name',
  'environmentVar.fieldRef': 'env.valueFrom.fieldRef',
  port: 'ports',
  'port.port': 'ports.containerPort',
  volumeMount: 'volumeMounts',
  'securityContext.capability': 'securityContext.capabilities',
  securityContextRunAsGroup: 'securityContext.runAsGroup',
  securityContextRunAsNonRoot: 'securityContext.runAsNonRoot',
  lifecyclePostStartHandlerExec: 'lifecycle.postStart.exec.command',
  lifecyclePostStartHandlerHttpGetHost: 'lifecycle.postStart.httpGet.host',
  lifecyclePostStartHandlerHttpGetPath: 'lifecycle.postStart.httpGet.path',
  lifecyclePostStartHandlerHttpGetPort: 'lifecycle.postStart.httpGet.port',
  lifecyclePostStartHandlerHttpGetScheme: 'lifecycle.postStart.httpGet.scheme',
  lifecyclePostStartHandlerHttpGetHttpHeader: 'lifecycle.postStart.httpGet.httpHeaders',
  // UpdateContainerGroup's model spells this one with a final s; the RPC parameter is the same list.
  lifecyclePostStartHandlerHttpGetHttpHeaders: 'lifecycle.postStart.httpGet.httpHeaders',
  lifecyclePostStartHandlerTcpSocketHost: 'lifecycle.postStart.tcpSocket.host',
  lifecyclePostStartHandlerTcpSocketPort: 'lifecycle.postStart.tcpSocket.port',
  lifecyclePreStopHandlerExec: 'lifecycle.preStop.exec.command',
  lifecyclePreStopHandlerHttpGetHost: 'lifecycle.preStop.httpGet.host',
  lifecyclePreStopHandlerHttpGetPath: 'lifecycle.preStop.httpGet.path',
  lifecyclePreStopHandlerHttpGetPort: 'lifecycle.preStop.httpGet.port',
  lifecyclePreStopHandlerHttpGetScheme: 'lifecycle.preStop.httpGet.scheme',
  lifecyclePreStopHandlerHttpGetHttpHeader: 'lifecycle.preStop.httpGet.httpHeaders',
  lifecyclePreStopHandlerTcpSocketHost: 'lifecycle.preStop.tcpSocket.host',
  lifecyclePreStopHandlerTcpSocketPort: 'lifecycle.preStop.tcpSocket.port',
};
for (const [list, target] of [
  ['container', 'spec.containers'],
  ['initContainer', 'spec.initContainers'],
] as const)
  for (const [from, to] of Object.entries(CONTAINER_RENAMED)) RENAMED[`${list}.${from}`] = `${target}.${to}`;

/**
 * Request fields the template format leaves out on purpose. Keep this list short: each entry needs a reason.
 */
const EXCLUDED: Record<string, string> = {
  // Alibaba Cloud's account plumbing on every request (RAM/STS internals); no caller sets them.
  ownerId: 'account plumbing, not part of a group',
  ownerAccount: 'account plumbing, not part of a group',
  resourceOwnerId: 'account plumbing, not part of a group',
  resourceOwnerAccount: 'account plumbing, not part of a group',
  // A property of one call (retry and validation), which the extension's client sets itself (src/eci/operations.ts).
  clientToken: 'idempotency token of one call, set by the client',
  dryRun: 'validation-only flag of one call, not part of the group',
  // The template names the volume kind by its key (nfs, emptyDir, …); the converter writes Type from that key.
  'volume[].type': 'implied by which kind key a template volume has',
};

/**
 * Fields of today's API not yet in the template format. This list must only shrink: each entry is work left, not
 * a decision (EXCLUDED holds the decisions).
 */
const PENDING = new Set<string>([]);

/** Whether the schema has a path; lists are passed through (`spec.containers.name` is a container's name). */
function inSchema(path: string): boolean {
  let node: Schema | undefined = schema;
  for (const part of path.split('.')) {
    if (node?.properties === undefined && node?.items !== undefined) node = node.items;
    node = node?.properties?.[part];
    if (node === undefined) return false;
  }
  return true;
}

/** The schema paths an SDK field path may have, by the longest renamed prefix (lists' `[]` left out). */
function mapped(path: string): string[] {
  const parts = path.replace(/\[\]/g, '').split('.');
  for (let n = parts.length; n > 0; n--) {
    const target = RENAMED[parts.slice(0, n).join('.')];
    if (target !== undefined) return [[target, ...parts.slice(n)].join('.')];
  }
  return [parts.join('.'), ['spec', ...parts].join('.')];
}

function missingFrom(model: TeaModel): string[] {
  return fieldPaths(model).filter((path) => {
    const top = path.split('.')[0] ?? path;
    if (EXCLUDED[path] !== undefined || EXCLUDED[top] !== undefined || PENDING.has(path)) return false;
    return !mapped(path).some(inSchema);
  });
}

describe('the template schema holds every field of the official SDK requests', () => {
  it('CreateContainerGroupRequest', () => {
    assert.deepEqual(missingFrom($Eci.CreateContainerGroupRequest), []);
  });

  it('UpdateContainerGroupRequest', () => {
    // regionId and containerGroupId are the update form's own fields of the schema.
    assert.deepEqual(missingFrom($Eci.UpdateContainerGroupRequest), []);
  });

  it('the exclusions and the pending list name fields the SDK has', () => {
    const all = new Set([
      ...fieldPaths($Eci.CreateContainerGroupRequest),
      ...fieldPaths($Eci.UpdateContainerGroupRequest),
    ]);
    for (const path of [...Object.keys(EXCLUDED), ...PENDING]) assert.ok(all.has(path), `${path} is not an SDK field`);
  });
});
