import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as ops from '../../src/eci/operations';
import { apiError } from '../helpers/emulator';
import { SteppedEmulator } from '../helpers/stepped-emulator';

// A hand-stepped clock at speed 1. A group runs 3 s after its creation and a scripted container exits 5 s into
// its run (src/emulator/lifecycle.ts).
const emulator = SteppedEmulator.forFile();
const { time } = emulator;
const SECOND = 1000;

async function group(name: string, command: string[] = []): Promise<string> {
  const { ContainerGroupId } = await ops.createContainerGroup(emulator.client, {
    ContainerGroupName: name,
    SecurityGroupId: 'sg-test',
    VSwitchId: 'vsw-cn-hangzhou-h-test',
    RestartPolicy: 'Always',
    Container: [{ Name: 'app', Image: 'busybox:1.36', Command: command }],
  });
  return ContainerGroupId;
}

describe('CreateInstanceOpsTask and DescribeInstanceOpsRecords', () => {
  it('collects a core file when a container crashes after coredump is enabled', async () => {
    const id = await group('ops-crash', ['sh', '-c', 'exit 139']);
    time.now += 4 * SECOND;
    const { Result } = await ops.createInstanceOpsTask(emulator.client, {
      ContainerGroupId: id,
      OpsType: 'coredump',
      OpsValue: 'enable',
    });
    assert.match(Result ?? '', /configured successfully/);
    const ready = await ops.describeInstanceOpsRecords(emulator.client, { ContainerGroupId: id });
    assert.deepEqual(
      ready.Records.map((r) => [r.OpsType, r.OpsStatus, r.ResultContent]),
      [['coredump', 'Ready', '']],
    );
    // The container exits with 139 at 8 s.
    time.now += 5 * SECOND;
    const [record] = (
      await ops.describeInstanceOpsRecords(emulator.client, { ContainerGroupId: id, OpsType: 'coredump' })
    ).Records;
    assert.equal(record?.OpsStatus, 'Success');
    assert.equal(record?.ResultType, 'OSS');
    assert.match(record?.ResultContent ?? '', /^https:\/\/.*coredump/);
    // A day later the result is gone.
    time.now += 86_400 * SECOND;
    const expired = await ops.describeInstanceOpsRecords(emulator.client, { ContainerGroupId: id });
    assert.equal(expired.Records[0]?.OpsStatus, 'Expired');
  });

  it('captures with tcpdump for its Duration, and closes a coredump task that is disabled', async () => {
    const id = await group('ops-web');
    time.now += 4 * SECOND;
    await ops.createInstanceOpsTask(emulator.client, {
      ContainerGroupId: id,
      OpsType: 'tcpdump',
      OpsValue: JSON.stringify({ Enable: true, Protocol: 'tcp', DestPort: 80, Duration: 30 }),
    });
    await ops.createInstanceOpsTask(emulator.client, { ContainerGroupId: id, OpsType: 'coredump', OpsValue: 'enable' });
    await ops.createInstanceOpsTask(emulator.client, {
      ContainerGroupId: id,
      OpsType: 'coredump',
      OpsValue: 'disable',
    });
    const statuses = async () =>
      (await ops.describeInstanceOpsRecords(emulator.client, { ContainerGroupId: id })).Records.map((r) => [
        r.OpsType,
        r.OpsStatus,
      ]);
    assert.deepEqual(await statuses(), [
      ['coredump', 'Closed'],
      ['tcpdump', 'Ready'],
    ]);
    time.now += 31 * SECOND;
    assert.deepEqual(await statuses(), [
      ['coredump', 'Closed'],
      ['tcpdump', 'Success'],
    ]);
    const tcpdump = await ops.describeInstanceOpsRecords(emulator.client, { ContainerGroupId: id, OpsType: 'tcpdump' });
    assert.equal(tcpdump.Records.length, 1);
  });

  it('answers the API errors for bad task values', async () => {
    const id = await group('ops-errors');
    const create = (OpsType: 'coredump' | 'tcpdump', OpsValue: string) =>
      ops.createInstanceOpsTask(emulator.client, { ContainerGroupId: id, OpsType, OpsValue });
    assert.equal((await apiError(create('coredump', 'maybe'))).code, 'InvalidParameter');
    assert.equal((await apiError(create('tcpdump', 'not json'))).code, 'InvalidParameter');
    assert.equal((await apiError(create('tcpdump', '{"Protocol":"tcp"}'))).code, 'InvalidParameter', 'no Enable');
    assert.equal((await apiError(create('tcpdump', '{"Enable":true,"DestPort":70000}'))).code, 'InvalidParameter');
    const wrongType = await apiError(
      emulator.client.call(
        'CreateInstanceOpsTask',
        { ContainerGroupId: id, OpsType: 'strace', OpsValue: 'x' },
        () => 0,
      ),
    );
    assert.equal(wrongType.code, 'InvalidParameter');
    assert.equal(
      (await apiError(ops.describeInstanceOpsRecords(emulator.client, { ContainerGroupId: 'eci-nope' }))).code,
      'InvalidParameter.NotFound',
    );
  });
});
