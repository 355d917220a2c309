import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CallEvent } from '../../src/core/transport';
import { DEMO_KEY } from '../../src/emulator/demo-key';
import type { AnyProvider, ProviderClient } from '../../src/providers/provider';
import { PROVIDER_REGISTRY } from '../../src/providers/registry';
import { say } from '../../src/core/messages/messages';
import { EmulatorFixture } from '../helpers/emulator';

/**
 * Every provider in the registry keeps the one contract the explorer and the shared commands rely on, against the
 * emulator's demo data over HTTP: the same test for each, so a third provider is checked by adding it to the registry.
 */
describe('the provider contract, for every provider in the registry', () => {
  let fixture: EmulatorFixture;
  before(async () => {
    fixture = await EmulatorFixture.start({ seed: 'demo' });
  });
  after(() => fixture.close());

  for (const provider of Object.values(PROVIDER_REGISTRY) as AnyProvider[]) {
    describe(provider.info.title, () => {
      let client: ProviderClient;
      const calls: CallEvent[] = [];
      const home = provider.info.regions[0] ?? '';
      before(async () => {
        client = await provider.client({
          accessKey: () => Promise.resolve(DEMO_KEY),
          accessKeyOrigin: 'the test',
          endpoint: fixture.emulator.url,
          regionId: home,
          timeoutMs: 10_000,
          signatureVersion: 'v3',
          userAgent: 'contract-test',
          onCall: (event) => calls.push(event),
        });
      });
      after(() => client.close());

      it('lists its regions, and loads a region of workloads whose rows say what they are', async () => {
        const regions = provider.regionList(() => Promise.resolve(client));
        await regions.ensureLoaded();
        assert.equal(regions.error, undefined);
        assert.ok(regions.ids.includes(home), `${home} in ${regions.ids.join(', ')}`);

        const region = provider.region(home, () => Promise.resolve(client));
        await region.ensureLoaded();
        assert.equal(region.error, undefined);
        assert.equal(region.isEmpty, false);
        const items = provider.items(region);
        assert.ok(items.length > 0, 'the demo data has workloads');
        assert.match(region.summary ?? '', /^\d+ \w/);
        // The same row in Chinese: each count with its measure word (个) and the cloud's own noun.
        assert.equal(region.summarySaid && say(region.summarySaid), region.summary);
        assert.match(region.summarySaid === undefined ? '' : say(region.summarySaid, 'zh-cn'), /^\d+ 个(容器组|容器)/);
        for (const item of items) {
          const workload = provider.workload(item);
          const row = provider.row(item);
          assert.equal(row.label, workload.name);
          assert.ok(row.description.startsWith(workload.status), row.description);
          assert.match(row.contextValue, /^eci\./);
          assert.ok(workload.containers.length > 0);
          assert.ok(row.tooltip().join('\n').includes(workload.id));
          // The hover in Chinese: the same lines, each said with the cloud's own terms.
          const [english, chinese] = [row.tooltip('en'), row.tooltip('zh-cn')];
          assert.deepEqual(english, row.tooltip());
          assert.equal(chinese.length, english.length);
          assert.equal(chinese[0], english[0]);
          assert.ok(
            chinese.includes(`状态：${workload.status}`) ||
              chinese.some((l) => l.startsWith(`状态：${workload.status}（`)),
          );
        }
        // Every call was logged through the client's onCall, one event per attempt.
        assert.ok(calls.length > 0 && calls.every((c) => c.attempt >= 1 && c.durationMs >= 0));
      });

      it('finds a workload by ID afresh, and says when there is none', async () => {
        const region = provider.region(home, () => Promise.resolve(client));
        await region.ensureLoaded();
        const first = provider.items(region)[0];
        const { id } = provider.workload(first);
        const found = await provider.find(client, home, id);
        assert.ok(found !== undefined);
        assert.deepEqual(provider.workload(found), provider.workload(first));
        assert.equal(await provider.find(client, home, `${id}-none`), undefined);
      });

      it('lists running workloads only when asked, within the limit', async () => {
        const all = await provider.list(client, home, { runningOnly: false, limit: 200 });
        const running = await provider.list(client, home, { runningOnly: true, limit: 200 });
        assert.ok(all.length >= running.length && running.length > 0);
        assert.ok(running.every((item) => provider.workload(item).running));
        assert.equal((await provider.list(client, home, { runningOnly: false, limit: 1 })).length, 1);
      });

      it("gives a log source that describes the workload and reads its containers' lines", async () => {
        const [item] = await provider.list(client, home, { runningOnly: true, limit: 1 });
        const workload = provider.workload(item);
        const source = provider.logSource(() => Promise.resolve(client), home, item);
        const described = await source.describe();
        assert.deepEqual(
          described?.containers.map((c) => c.name),
          workload.containers,
        );
        const container = workload.containers[0] ?? '';
        const lines = await source.read(
          container,
          source.cursor(),
          { first: true, previous: false, tail: 10, sinceSeconds: undefined },
          undefined,
        );
        assert.ok(lines.length > 0 && lines.length <= Math.max(10, source.maxLines), `${lines.length} lines`);
        assert.ok(lines.every((l) => l.container === container));
      });

      it('gives an exec backend named after what it opens', async () => {
        const [item] = await provider.list(client, home, { runningOnly: true, limit: 1 });
        const workload = provider.workload(item);
        const container = workload.containers[0] ?? '';
        const backend = provider.execBackend(() => Promise.resolve(client), home, item, container);
        assert.equal(backend.label, workload.isContainer ? workload.name : `${workload.name}/${container}`);
      });
    });
  }
});
