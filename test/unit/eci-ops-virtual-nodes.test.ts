import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as ops from '../../src/eci/operations';
import { apiError } from '../helpers/emulator';
import { SteppedEmulator } from '../helpers/stepped-emulator';

// A hand-stepped clock at speed 1: a virtual node registers in 5 s (src/emulator/virtual-nodes.ts).
const emulator = SteppedEmulator.forFile();
const { time } = emulator;
const SECOND = 1000;

function kubeConfig(server: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: c',
    '  cluster:',
    `    server: ${server}`,
    'contexts: []',
  ].join('\n');
}

const base = { SecurityGroupId: 'sg-test', VSwitchId: 'vsw-cn-hangzhou-i-test' };

describe('VirtualNode operations', () => {
  it('creates a node that registers (Pending → Ready), updates and deletes it', async () => {
    const { VirtualNodeId: id } = await ops.createVirtualNode(emulator.client, {
      ...base,
      VirtualNodeName: 'vk-one',
      KubeConfig: kubeConfig('https://10.0.0.1:6443'),
      EnablePublicNetwork: true,
      Tag: [{ Key: 'env', Value: 'dev' }],
    });
    assert.match(id, /^vnd-/);
    const one = async () => {
      const { VirtualNodes } = await ops.describeVirtualNodes(emulator.client, { VirtualNodeIds: [id] });
      assert.ok(VirtualNodes[0]);
      return VirtualNodes[0];
    };
    const pending = await one();
    assert.equal(pending.Status, 'Pending');
    assert.equal(pending.VirtualNodeName, 'vk-one');
    assert.equal(pending.VirtualNodeVSwitchId, 'vsw-cn-hangzhou-i-test');
    assert.ok(pending.InternetIp);
    assert.equal(
      (await apiError(ops.updateVirtualNode(emulator.client, { VirtualNodeId: id, ClusterDNS: '10.0.0.10' }))).code,
      'IncorrectStatus',
    );
    time.now += 6 * SECOND;
    const ready = await one();
    assert.equal(ready.Status, 'Ready');
    assert.deepEqual(
      ready.Events.map((e) => e.Reason),
      ['Registering', 'NodeReady'],
    );

    await ops.updateVirtualNode(emulator.client, {
      VirtualNodeId: id,
      VirtualNodeName: 'vk-renamed',
      Tag: [{ Key: 'env', Value: 'prod' }],
    });
    const renamed = await one();
    assert.equal(renamed.VirtualNodeName, 'vk-renamed');
    assert.deepEqual(renamed.Tags, [{ Key: 'env', Value: 'prod' }]);
    const byName = await ops.describeVirtualNodes(emulator.client, { VirtualNodeName: 'vk-renamed' });
    assert.deepEqual(
      byName.VirtualNodes.map((n) => n.VirtualNodeId),
      [id],
    );

    await ops.deleteVirtualNode(emulator.client, id);
    assert.equal((await ops.describeVirtualNodes(emulator.client, { VirtualNodeIds: [id] })).VirtualNodes.length, 0);
    assert.equal((await apiError(ops.deleteVirtualNode(emulator.client, id))).code, 'InvalidParameter.NotFound');
  });

  it('fails a node whose cluster cannot be reached, and filters and pages by status', async () => {
    const { VirtualNodeId: bad } = await ops.createVirtualNode(emulator.client, {
      ...base,
      KubeConfig: kubeConfig('https://fail.example.com:6443'),
    });
    const { VirtualNodeId: good } = await ops.createVirtualNode(emulator.client, {
      ...base,
      KubeConfig: kubeConfig('https://10.0.0.2:6443'),
    });
    time.now += 6 * SECOND;
    const failed = await ops.describeVirtualNodes(emulator.client, { Status: 'Failed' });
    assert.deepEqual(
      failed.VirtualNodes.map((n) => n.VirtualNodeId),
      [bad],
    );
    assert.equal(failed.VirtualNodes[0]?.Events.at(-1)?.Reason, 'RegisterFailed');
    const first = await ops.describeVirtualNodes(emulator.client, { Limit: 1 });
    assert.equal(first.TotalCount, 2);
    const second = await ops.describeVirtualNodes(emulator.client, { Limit: 1, NextToken: first.NextToken });
    assert.deepEqual(
      [...first.VirtualNodes, ...second.VirtualNodes].map((n) => n.VirtualNodeId).sort(),
      [bad, good].sort(),
    );
    assert.match(first.VirtualNodes[0]?.VirtualNodeName ?? '', /^virtual-kubelet-cn-hangzhou-/);
  });

  it('answers the API errors for bad requests', async () => {
    const create = (request: Partial<ops.CreateVirtualNodeRequest>) =>
      ops.createVirtualNode(emulator.client, { ...base, KubeConfig: kubeConfig('https://10.0.0.3:6443'), ...request });
    assert.equal((await apiError(create({ KubeConfig: 'not a kubeconfig' }))).code, 'InvalidParameter');
    assert.equal((await apiError(create({ VirtualNodeName: 'Bad_Name' }))).code, 'InvalidParameter');
    assert.equal((await apiError(create({ ZoneId: 'cn-hangzhou-h' }))).code, 'OperationDenied.VswZoneMismatch');
    const noConfig = await apiError(emulator.client.call('CreateVirtualNode', { ...base }, () => undefined));
    assert.equal(noConfig.code, 'MissingParameter');
    const tooMany = Array.from({ length: 21 }, (_, i) => `vnd-${i}`);
    assert.equal(
      (await apiError(ops.describeVirtualNodes(emulator.client, { VirtualNodeIds: tooMany }))).code,
      'InvalidParameter.LengthExceeded',
    );
    assert.equal(
      (await apiError(ops.updateVirtualNode(emulator.client, { VirtualNodeId: 'vnd-nope' }))).code,
      'InvalidParameter.NotFound',
    );
  });
});
