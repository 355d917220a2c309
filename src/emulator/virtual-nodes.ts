import { ApiError, invalid, missing, notFound } from './api-error';
import type { Clock } from './lifecycle';
import type { EmulatorStateData } from './model';
import type { VirtualNodeModel } from './ops-state';
import { opsState } from './ops-state';
import type { Params } from './params';
import { readTags } from './params';
import { findRegion, zoneOfVSwitch } from './regions';
import { iso } from './render';
import { pageOffset, pageToken } from './status';

/**
 * The four VirtualNode operations. A virtual node joins a Kubernetes cluster (named by the kubeconfig it is given)
 * as a node whose pods are ECI groups. The emulator has no cluster: a node is Pending for REGISTER_SECONDS while
 * it registers, then Ready — or Failed when its kubeconfig's server names "fail", one it cannot reach.
 */
const REGISTER_SECONDS = 5;
const VIRTUAL_NODE_LIMIT = 20;
/** A Kubernetes node name: a DNS-1123 subdomain. */
const NODE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

type Status = 'Pending' | 'Ready' | 'Failed';

function status(node: VirtualNodeModel, now: number): Status {
  if (now < node.readyAt) return 'Pending';
  return node.willFail ? 'Failed' : 'Ready';
}

function checkName(name: string): void {
  if (name.length > 253 || !NODE_NAME.test(name))
    throw invalid('VirtualNodeName', `"${name}" is not a Kubernetes node name (lower-case letters, digits, - and .)`);
}

/** The `server:` of a kubeconfig's cluster; a kubeconfig without one cannot be used. */
function serverOf(kubeConfig: string): string {
  const match = /^\s*server:\s*["']?(\S+?)["']?\s*$/m.exec(kubeConfig);
  if (match?.[1] === undefined) throw invalid('KubeConfig', 'no cluster server is named in it');
  return match[1];
}

export function createVirtualNode(
  state: EmulatorStateData,
  p: Params,
  owner: string,
  clock: Clock,
  nextId: (prefix: string) => string,
): Record<string, unknown> {
  const regionId = p.requiredStr('RegionId');
  const region = findRegion(regionId);
  const securityGroupId = p.requiredStr('SecurityGroupId');
  const vSwitchId = p.requiredStr('VSwitchId');
  const kubeConfig = p.requiredStr('KubeConfig');
  const server = serverOf(kubeConfig);
  const nodes = Object.values(opsState(state).virtualNodes).filter((n) => n.owner === owner && n.RegionId === regionId);
  if (nodes.length >= VIRTUAL_NODE_LIMIT)
    throw new ApiError(
      403,
      'QuotaExceeded',
      `Virtual node quota exceeded: at most ${VIRTUAL_NODE_LIMIT} virtual nodes in ${regionId}.`,
    );
  const id = nextId('vnd');
  const name = p.str('VirtualNodeName') ?? `virtual-kubelet-${regionId}-${id.slice(4, 10)}`;
  checkName(name);
  const switchZone = region === undefined ? undefined : zoneOfVSwitch(region, vSwitchId);
  const zoneId = p.str('ZoneId');
  if (zoneId !== undefined && zoneId !== '' && switchZone !== undefined && switchZone !== zoneId)
    throw new ApiError(
      403,
      'OperationDenied.VswZoneMismatch',
      `The specified VSwitchId ${vSwitchId} is not in the specified Zone ${zoneId}.`,
    );
  const now = clock.now();
  const n = Object.keys(opsState(state).virtualNodes).length + 1;
  const node: VirtualNodeModel = {
    VirtualNodeId: id,
    owner,
    RegionId: regionId,
    ZoneId: (zoneId === undefined || zoneId === '' ? switchZone : zoneId) ?? region?.zones[0] ?? `${regionId}-a`,
    VirtualNodeName: name,
    VSwitchId: vSwitchId,
    SecurityGroupId: securityGroupId,
    ResourceGroupId: p.str('ResourceGroupId'),
    IntranetIp: `172.17.${Math.floor(n / 250) % 250}.${(n % 250) + 2}`,
    InternetIp:
      p.bool('EnablePublicNetwork') === true || (p.str('EipInstanceId') ?? '') !== ''
        ? `47.97.${Math.floor(n / 250) % 250}.${(n % 250) + 2}`
        : undefined,
    ClusterDNS: p.str('ClusterDNS'),
    ClusterDomain: p.str('ClusterDomain'),
    CustomResources: p.str('CustomResources'),
    Tags: readTags(p),
    createdAt: now,
    readyAt: now + clock.span(REGISTER_SECONDS),
    willFail: /fail/i.test(server),
    events: [{ Type: 'Normal', Reason: 'Registering', Message: `Registering node ${name} with ${server}`, at: now }],
  };
  opsState(state).virtualNodes[id] = node;
  return { VirtualNodeId: id };
}

function render(node: VirtualNodeModel, now: number): Record<string, unknown> {
  const s = status(node, now);
  const events = [...node.events];
  if (s !== 'Pending')
    events.push(
      s === 'Ready'
        ? {
            Type: 'Normal',
            Reason: 'NodeReady',
            Message: `Node ${node.VirtualNodeName} status is now: NodeReady`,
            at: node.readyAt,
          }
        : {
            Type: 'Warning',
            Reason: 'RegisterFailed',
            Message: `Node ${node.VirtualNodeName} could not reach the cluster's API server`,
            at: node.readyAt,
          },
    );
  return {
    VirtualNodeId: node.VirtualNodeId,
    VirtualNodeName: node.VirtualNodeName,
    RegionId: node.RegionId,
    Status: s,
    VirtualNodeVSwitchId: node.VSwitchId,
    VirtualNodeSecurityGroupId: node.SecurityGroupId,
    VpcId: `vpc-${node.RegionId}-emulated`,
    ResourceGroupId: node.ResourceGroupId ?? '',
    IntranetIp: node.IntranetIp,
    InternetIp: node.InternetIp ?? '',
    CreationTime: iso(node.createdAt),
    Tags: node.Tags,
    Events: events.map((e) => ({
      Type: e.Type,
      Reason: e.Reason,
      Message: e.Message,
      Name: node.VirtualNodeName,
      Count: 1,
      FirstTimestamp: iso(e.at),
      LastTimestamp: iso(e.at),
    })),
  };
}

export function describeVirtualNodes(
  state: EmulatorStateData,
  p: Params,
  owner: string,
  clock: Clock,
): Record<string, unknown> {
  const regionId = p.requiredStr('RegionId');
  const ids = p.jsonStrings('VirtualNodeIds');
  if (ids !== undefined && ids.length > 20)
    throw new ApiError(400, 'InvalidParameter.LengthExceeded', 'VirtualNodeIds may hold at most 20 IDs.');
  const name = p.str('VirtualNodeName');
  const wantedStatus = p.oneOf('Status', ['Pending', 'Ready', 'Failed'] as const);
  const resourceGroupId = p.str('ResourceGroupId');
  const wanted = readTags(p);
  const limit = p.int('Limit', 1, 20) ?? 20;
  const now = clock.now();
  const nodes = Object.values(opsState(state).virtualNodes)
    .filter(
      (n) =>
        n.owner === owner &&
        n.RegionId === regionId &&
        (ids === undefined || ids.includes(n.VirtualNodeId)) &&
        (name === undefined || name === '' || n.VirtualNodeName === name) &&
        (wantedStatus === undefined || status(n, now) === wantedStatus) &&
        (resourceGroupId === undefined || resourceGroupId === '' || n.ResourceGroupId === resourceGroupId) &&
        wanted.every((t) =>
          n.Tags.some((have) => have.Key === t.Key && (t.Value === undefined || have.Value === t.Value)),
        ),
    )
    .sort((a, b) => b.createdAt - a.createdAt || (a.VirtualNodeId < b.VirtualNodeId ? -1 : 1));
  const offset = pageOffset(p.str('NextToken'));
  return {
    VirtualNodes: nodes.slice(offset, offset + limit).map((n) => render(n, now)),
    NextToken: offset + limit < nodes.length ? pageToken(offset + limit) : '',
    TotalCount: nodes.length,
  };
}

function node(state: EmulatorStateData, p: Params, owner: string): VirtualNodeModel {
  const id = p.str('VirtualNodeId');
  if (id === undefined || id === '') throw missing('VirtualNodeId');
  const found = opsState(state).virtualNodes[id];
  if (found === undefined || found.owner !== owner || found.RegionId !== p.str('RegionId'))
    throw notFound('virtual node', id);
  return found;
}

export function updateVirtualNode(
  state: EmulatorStateData,
  p: Params,
  owner: string,
  clock: Clock,
): Record<string, unknown> {
  const found = node(state, p, owner);
  const s = status(found, clock.now());
  if (s !== 'Ready')
    throw new ApiError(
      400,
      'IncorrectStatus',
      `The virtual node ${found.VirtualNodeId} is ${s}; only a Ready node is updated.`,
    );
  const name = p.str('VirtualNodeName');
  if (name !== undefined && name !== '') {
    checkName(name);
    found.VirtualNodeName = name;
  }
  for (const field of ['ClusterDNS', 'ClusterDomain', 'CustomResources'] as const) {
    const value = p.str(field);
    if (value !== undefined) found[field] = value;
  }
  const newTags = readTags(p);
  if (newTags.length > 0) found.Tags = newTags;
  return {};
}

export function deleteVirtualNode(state: EmulatorStateData, p: Params, owner: string): Record<string, unknown> {
  const found = node(state, p, owner);
  delete opsState(state).virtualNodes[found.VirtualNodeId];
  return {};
}
