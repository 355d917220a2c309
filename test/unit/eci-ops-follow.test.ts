import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { describe, it } from 'node:test';
import {
  commitFailure,
  commitProgressText,
  followCommitTask,
  repositoryProblem,
  tagProblem,
} from '../../src/eci/commit-task';
import {
  cachePathProblem,
  formatSourceOptions,
  parseSourceOptions,
  retentionProblem,
  sizeProblem,
} from '../../src/eci/data-cache-input';
import {
  countOpsRecords,
  followOpsRecord,
  newestRecord,
  opsRecordOutcome,
  tcpdumpOpsValue,
} from '../../src/eci/instance-ops-task';
import * as ops from '../../src/eci/operations';
import { ECI_PROVIDER } from '../../src/eci/provider';
import { ExplorerModel } from '../../src/explorer/explorer-model';
import { say } from '../../src/core/messages/messages';
import { SteppedEmulator } from '../helpers/stepped-emulator';
import type { Handler, SeenRequest } from '../helpers/scripted-server';
import { apiError, ScriptedServer } from '../helpers/scripted-server';

// A hand-stepped clock at speed 1: a commit task's three phases take 10 s each (src/emulator/commit.ts), a data
// cache loads in about 14 s (data-caches.ts), a virtual node registers in 5 s (virtual-nodes.ts). The followers'
// pauses move this clock instead of waiting, so each test is as quick as its calls.
const emulator = SteppedEmulator.forFile();
const { time } = emulator;
const SECOND = 1000;
const tick = (ms: number): Promise<void> => {
  time.now += ms;
  return Promise.resolve();
};

const network = { SecurityGroupId: 'sg-test', VSwitchId: 'vsw-cn-hangzhou-h-test' };

describe('following a commit task', () => {
  it('follows a task through its phases to Succeeded, telling each change once', async () => {
    const id = await emulator.runningGroup('follow-commit');
    const { TaskId } = await ops.commitContainer(emulator.client, {
      ContainerGroupId: id,
      ContainerName: 'app',
      Image: { Repository: 'registry.cn-hangzhou.aliyuncs.com/team/app', Tag: 'v2' },
    });
    const seen: string[] = [];
    const { value, done } = await followCommitTask(
      emulator.client,
      { containerGroupId: id, taskId: TaskId, regionId: 'cn-hangzhou' },
      { intervalMs: 5 * SECOND, wait: tick, onChange: (t) => seen.push(commitProgressText(t)) },
    );
    assert.equal(done, true);
    assert.equal(value.TaskStatus, 'Succeeded');
    assert.equal(seen[0], '0% · PullBaseImage: Pull base image for container app in progress');
    assert.equal(
      seen.at(-1),
      '100% · PushCommittedImage: Push image registry.cn-hangzhou.aliyuncs.com/team/app:v2 successfully',
    );
    assert.equal(new Set(seen).size, seen.length, 'each change is told once');
  });

  it('says why a task failed: its failed phase', async () => {
    const id = await emulator.runningGroup('follow-commit-fail');
    const { TaskId } = await ops.commitContainer(emulator.client, {
      ContainerGroupId: id,
      ContainerName: 'app',
      Image: { Repository: 'team/fail-app' },
    });
    const { value, done } = await followCommitTask(
      emulator.client,
      { containerGroupId: id, taskId: TaskId, regionId: 'cn-hangzhou' },
      { intervalMs: 10 * SECOND, wait: tick },
    );
    assert.equal(done, true);
    assert.equal(value.TaskStatus, 'Failed');
    assert.equal(commitFailure(value), 'Push image team/fail-app:latest failed: access to the repository is denied');
  });

  it('gives the task as it stands when the time runs out, and stops at once when aborted', async () => {
    const id = await emulator.runningGroup('follow-commit-slow');
    const { TaskId } = await ops.commitContainer(emulator.client, {
      ContainerGroupId: id,
      ContainerName: 'app',
      Image: { Repository: 'team/app' },
    });
    const ref = { containerGroupId: id, taskId: TaskId, regionId: 'cn-hangzhou' };
    // The emulator's clock stands still here: the task stays Running until the 40 ms are up.
    const late = await followCommitTask(emulator.client, ref, { intervalMs: 10, timeoutMs: 40 });
    assert.equal(late.done, false);
    assert.equal(late.value.TaskStatus, 'Running');

    const abort = new AbortController();
    let reads = 0;
    const following = followCommitTask(emulator.client, ref, {
      signal: abort.signal,
      intervalMs: 60_000,
      onChange: () => {
        reads++;
        abort.abort(new Error('stopped following'));
      },
    });
    await assert.rejects(following, /stopped following/);
    assert.equal(reads, 1);
  });

  it('names a task the group does not have', async () => {
    const id = await emulator.runningGroup('follow-commit-none');
    await assert.rejects(
      followCommitTask(
        emulator.client,
        { containerGroupId: id, taskId: 't-nope', regionId: 'cn-hangzhou' },
        { wait: tick },
      ),
      /The commit task t-nope of eci-\S+ is not listed in cn-hangzhou/,
    );
  });

  it('checks a repository and tag as the API does', () => {
    assert.equal(repositoryProblem('registry.cn-hangzhou.aliyuncs.com/team/app'), undefined);
    assert.equal(repositoryProblem('team/my_app-2'), undefined);
    assert.match(repositoryProblem('Team/App') ?? '', /lower-case/);
    assert.equal(tagProblem('v1.2.3'), undefined);
    assert.match(tagProblem('-bad') ?? '', /tag/);
  });
});

describe('following an instance O&M record', () => {
  it('follows a tcpdump capture to Success and says where its files are', async () => {
    const id = await emulator.runningGroup('follow-tcpdump');
    await ops.createInstanceOpsTask(emulator.client, {
      ContainerGroupId: id,
      OpsType: 'tcpdump',
      OpsValue: tcpdumpOpsValue(30),
    });
    const statuses: string[] = [];
    const { value, done } = await followOpsRecord(
      emulator.client,
      { containerGroupId: id, opsType: 'tcpdump', regionId: 'cn-hangzhou' },
      { intervalMs: 10 * SECOND, wait: tick, onChange: (r) => statuses.push(r.OpsStatus) },
    );
    assert.equal(done, true);
    assert.deepEqual(statuses, ['Ready', 'Success']);
    const outcome = opsRecordOutcome(value);
    assert.equal(outcome.ok, true);
    assert.match(
      outcome.text,
      /^The network capture is ready: https:\/\/eci-ops-cn-hangzhou\.oss-\S+tcpdump-\d+\.tar\.gz \(kept until /,
    );
  });

  it("follows a second capture's own record, not the first one's that is already over", async () => {
    const id = await emulator.runningGroup('follow-tcpdump-twice');
    const place = { containerGroupId: id, opsType: 'tcpdump' as const, regionId: 'cn-hangzhou' };
    await ops.createInstanceOpsTask(emulator.client, {
      ContainerGroupId: id,
      OpsType: 'tcpdump',
      OpsValue: tcpdumpOpsValue(10),
    });
    const first = await followOpsRecord(emulator.client, place, { intervalMs: 10 * SECOND, wait: tick });
    assert.equal(first.value.OpsStatus, 'Success');
    const recordsBefore = await countOpsRecords(emulator.client, place);
    assert.equal(recordsBefore, 1);
    // Followed from before its record is listed (the task made during the first wait, as a slow listing would
    // show it): the first capture's Success is not taken for it.
    let made = false;
    const statuses: string[] = [];
    const second = await followOpsRecord(
      emulator.client,
      { ...place, recordsBefore },
      {
        intervalMs: 10 * SECOND,
        wait: async (ms) => {
          if (!made) {
            made = true;
            await ops.createInstanceOpsTask(emulator.client, {
              ContainerGroupId: id,
              OpsType: 'tcpdump',
              OpsValue: tcpdumpOpsValue(30),
            });
          }
          await tick(ms);
        },
        onChange: (r) => statuses.push(`${r.OpsStatus}${r.CreateTime === undefined ? ' (not listed yet)' : ''}`),
      },
    );
    assert.deepEqual(statuses, ['Ready (not listed yet)', 'Ready', 'Success']);
    assert.notEqual(second.value.CreateTime, first.value.CreateTime);
    assert.notEqual(second.value.ResultContent, first.value.ResultContent);
  });

  it('follows core dumps until a container crashes', async () => {
    // The container exits with 139 five seconds into each run.
    const id = await emulator.runningGroup('follow-coredump', ['sh', '-c', 'exit 139']);
    await ops.createInstanceOpsTask(emulator.client, { ContainerGroupId: id, OpsType: 'coredump', OpsValue: 'enable' });
    const { value, done } = await followOpsRecord(
      emulator.client,
      { containerGroupId: id, opsType: 'coredump', regionId: 'cn-hangzhou' },
      { intervalMs: 2 * SECOND, wait: tick },
    );
    assert.equal(done, true);
    assert.equal(value.OpsStatus, 'Success');
    assert.match(opsRecordOutcome(value).text, /^The core dump is ready: https:\/\/\S+coredump/);
  });

  it('takes the newest record of the type, and says why a closed one has nothing', () => {
    const record = (OpsType: string, OpsStatus: string, CreateTime: string) => ({
      OpsType,
      OpsStatus,
      CreateTime,
      ExpireTime: undefined,
      ResultType: undefined,
      ResultContent: undefined,
    });
    const records = [
      record('coredump', 'Closed', '2026-11-24T09:00:00Z'),
      record('coredump', 'Ready', '2026-11-24T10:00:00Z'),
      record('tcpdump', 'Ready', '2026-11-24T11:00:00Z'),
    ];
    assert.equal(newestRecord(records, 'coredump')?.OpsStatus, 'Ready');
    assert.equal(newestRecord(records, 'tcpdump')?.CreateTime, '2026-11-24T11:00:00Z');
    assert.deepEqual(opsRecordOutcome(records[0] ?? assert.fail()), {
      ok: false,
      text: 'The core dump was turned off before anything was collected.',
    });
  });
});

describe('what a person types for a data cache', () => {
  it('reads key=value source options and refuses what is not', () => {
    assert.deepEqual(parseSourceOptions('url=https://example.com/a?b=c'), {
      options: { url: 'https://example.com/a?b=c' },
    });
    assert.deepEqual(parseSourceOptions(' bucket=models , path=/llm '), {
      options: { bucket: 'models', path: '/llm' },
    });
    assert.deepEqual(parseSourceOptions('url'), { problem: '"url" is not key=value' });
    assert.deepEqual(parseSourceOptions('a=1, a=2'), { problem: 'a is given twice' });
    assert.deepEqual(parseSourceOptions(' , '), { problem: 'At least one key=value' });
    assert.equal(formatSourceOptions({ bucket: 'models', path: '/llm' }), 'bucket=models, path=/llm');
    assert.equal(sizeProblem('40'), undefined);
    assert.equal(sizeProblem('30', 40), '40–32768 GiB');
    assert.equal(sizeProblem('20.5'), '20–32768 GiB');
    assert.equal(cachePathProblem('/models'), undefined);
    assert.match(cachePathProblem('models') ?? '', /absolute/);
  });
});

/**
 * A real server in front of the emulator that refuses DescribeDataCaches while `refusing()` says so (as an account
 * without the RAM permission for it is refused), and passes every other call on.
 */
async function refusingDataCaches(refusing: () => boolean): Promise<ScriptedServer> {
  const target = new URL(emulator.fixture.emulator.url);
  const forward: Handler = (seen, response) =>
    new Promise<void>((resolve, reject) => {
      const out = httpRequest(
        { host: target.hostname, port: target.port, method: seen.method, path: seen.url, headers: seen.headers },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
          answer.on('end', resolve);
        },
      );
      out.on('error', reject);
      out.end(seen.body);
    });
  const refuse = apiError(403, 'Forbidden.RAM', 'User not authorized to operate on the specified resource.');
  return (await ScriptedServer.start()).otherwise((seen, response, socket) =>
    refusing() && actionOf(seen) === 'DescribeDataCaches'
      ? refuse(seen, response, socket)
      : forward(seen, response, socket),
  );
}

/** The action a request asks for (the emulator.client signs with V3, which names it in a header). */
function actionOf(seen: SeenRequest): string | undefined {
  return seen.params['Action'] ?? (seen.headers['x-acs-action'] as string | undefined);
}

describe('days to keep a cache', () => {
  it('counts them from its creation: a number already past is refused with the least that keeps it', () => {
    const created = '2026-11-14T09:00:00Z';
    const now = Date.parse('2026-11-24T10:00:00Z');
    assert.equal(retentionProblem('', created, now), undefined);
    assert.equal(retentionProblem('11', created, now), undefined);
    assert.equal(
      retentionProblem('10', created, now),
      'It was created 10 day(s) ago: 10 would end it at once; at least 11',
    );
    assert.equal(retentionProblem('0', created, now), 'A number of days, or empty');
    assert.equal(retentionProblem('2.5', created, now), 'A number of days, or empty');
    // No creation time known: any whole number.
    assert.equal(retentionProblem('1', undefined, now), undefined);
  });
});

describe("a region's data caches and virtual nodes in the explorer model", () => {
  it('loads them with the groups, counts them in the summary, and polls them while they move', async () => {
    const region = new ExplorerModel().region('p', 'cn-shanghai', ECI_PROVIDER, () => Promise.resolve(emulator.client));
    await region.ensureLoaded();
    assert.equal(region.isEmpty, true);
    await ops.createDataCache(
      emulator.client,
      {
        ...network,
        VSwitchId: 'vsw-cn-shanghai-b-test',
        Path: '/models/a',
        DataSource: { Type: 'URL', Options: { url: 'https://example.com/a' } },
      },
      { regionId: 'cn-shanghai' },
    );
    await ops.createVirtualNode(
      emulator.client,
      {
        ...network,
        VSwitchId: 'vsw-cn-shanghai-b-test',
        KubeConfig: 'clusters:\n- cluster:\n    server: https://10.0.0.1:6443\n',
      },
      { regionId: 'cn-shanghai' },
    );
    await region.reload();
    assert.equal(region.isEmpty, false);
    assert.equal(region.summary, '0 groups · 1 data cache · 1 virtual node');
    assert.equal(region.summarySaid && say(region.summarySaid, 'zh-cn'), '0 个容器组 · 1 个数据缓存 · 1 个虚拟节点');
    assert.deepEqual(
      [region.dataCaches.map((c) => [c.Name, c.Status, c.Events.length]), region.virtualNodes.map((n) => n.Status)],
      [[['a', 'Creating', 0]], ['Pending']],
    );
    assert.equal(region.isTransitional, true);
    time.now += 20 * SECOND;
    assert.deepEqual(await region.pollTransitional(), { groups: [], whole: true });
    assert.deepEqual(
      [region.dataCaches.map((c) => c.Status), region.virtualNodes.map((n) => n.Status)],
      [['Available'], ['Ready']],
    );
    assert.equal(region.isTransitional, false);
    assert.equal(await region.pollTransitional(), undefined);
  });

  it('keeps the groups when the data-cache call fails, and keeps the failure for its folder', async () => {
    await emulator.runningGroup('kept-groups');
    const server = await refusingDataCaches(() => true);
    const refused = emulator.clientWith({ endpoint: server.url });
    try {
      const region = new ExplorerModel().region('p', 'cn-hangzhou', ECI_PROVIDER, () => Promise.resolve(refused));
      await region.ensureLoaded();
      assert.equal(region.error, undefined);
      assert.ok(region.groups.some((g) => g.ContainerGroupName === 'kept-groups'));
      assert.equal((region.dataCachesError as { code?: string } | undefined)?.code, 'Forbidden.RAM');
      assert.equal(region.virtualNodesError, undefined);
      assert.match(region.summary ?? '', /^\d+ groups?( ·|$)/);
      assert.ok(server.requests.some((r) => actionOf(r) === 'DescribeVirtualNodes'));
    } finally {
      await server.close();
    }
  });

  it('takes in a moving group when the data-cache call fails in a poll, keeps the rows and stops asking for them', async () => {
    let refusing = false;
    const server = await refusingDataCaches(() => refusing);
    const refused = emulator.clientWith({ endpoint: server.url });
    try {
      const region = new ExplorerModel().region('p', 'cn-beijing', ECI_PROVIDER, () => Promise.resolve(refused));
      const beijing = { ...network, VSwitchId: 'vsw-cn-beijing-h-test' };
      await ops.createDataCache(
        emulator.client,
        { ...beijing, Path: '/models/b', DataSource: { Type: 'URL', Options: { url: 'https://example.com/b' } } },
        { regionId: 'cn-beijing' },
      );
      const { ContainerGroupId: id } = await ops.createContainerGroup(
        emulator.client,
        {
          ...beijing,
          ContainerGroupName: 'moves-while-refused',
          Container: [{ Name: 'web', Image: 'nginx:1.27-alpine' }],
        },
        { regionId: 'cn-beijing' },
      );
      await region.ensureLoaded();
      assert.deepEqual(region.transitional(), { groups: [id], caches: false, extras: true });
      refusing = true;
      time.now += 4 * SECOND;
      // The group's new state is taken in and said; the failure is kept for the folder, the cache's row stays.
      assert.deepEqual(await region.pollTransitional(), { groups: [], whole: true });
      assert.equal(region.group(id)?.Status, 'Running');
      assert.equal((region.dataCachesError as { code?: string } | undefined)?.code, 'Forbidden.RAM');
      assert.deepEqual(
        region.dataCaches.map((c) => c.Path),
        ['/models/b'],
      );
      // Nothing moves that can be asked about: no more calls, not a retry every poll.
      assert.deepEqual(region.transitional(), { groups: [], caches: false, extras: false });
      const asked = server.requests.length;
      assert.equal(await region.pollTransitional(), undefined);
      assert.equal(server.requests.length, asked);
      // A refresh asks again, and a granted permission clears the failure.
      refusing = false;
      await region.reload();
      assert.equal(region.dataCachesError, undefined);
    } finally {
      await server.close();
    }
  });
});
