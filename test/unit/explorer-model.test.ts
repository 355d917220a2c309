import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EciClient } from '../../src/eci/client';
import { createContainerGroup, describeContainerGroupPages, describeContainerGroups } from '../../src/eci/operations';
import { ExplorerModel, regionsToShow } from '../../src/explorer/explorer-model';
import { ECI_PROVIDER } from '../../src/eci/provider';
import { StringInterner } from '../../src/explorer/string-interner';
import { TransitionalPoller } from '../../src/explorer/transitional-poller';
import { EmulatorFixture, eventually } from '../helpers/emulator';

const group = (name: string) => ({
  ContainerGroupName: name,
  SecurityGroupId: 'sg-explorer',
  VSwitchId: 'vsw-cn-hangzhou-h-explorer',
  Cpu: 1,
  Memory: 2,
  Container: [{ Name: 'app', Image: 'nginx:1.25', Cpu: 1, Memory: 2 }],
});

describe('the explorer model: paging, against the emulator', () => {
  let fixture: EmulatorFixture;
  let client: EciClient;
  before(async () => {
    fixture = await EmulatorFixture.start({ speed: 1000 });
    client = fixture.client();
    for (let i = 0; i < 45; i++) await createContainerGroup(client, group(`paged-${String(i).padStart(2, '0')}`));
  });
  after(() => fixture.close());

  it('shows the first page of 20 with the total, then one page more on demand, then all, in the API order', async () => {
    const region = new ExplorerModel().region('p', 'cn-hangzhou', ECI_PROVIDER, () => Promise.resolve(client));
    await region.ensureLoaded();
    assert.equal(region.groups.length, 20);
    assert.equal(region.total, 45);
    assert.equal(region.hasMore, true);
    await region.loadMore();
    assert.equal(region.groups.length, 40);
    let pages = 0;
    await region.loadAll(() => pages++);
    assert.equal(pages, 1);
    assert.equal(region.hasMore, false);
    const expected: string[] = [];
    for await (const page of describeContainerGroupPages(client))
      expected.push(...page.ContainerGroups.map((g) => g.ContainerGroupId));
    assert.deepEqual(
      region.groups.map((g) => g.ContainerGroupId),
      expected,
    );
  });

  it("holds groups without their events, with a summary of them, and gets a group's events fresh when asked", async () => {
    const region = new ExplorerModel().region('p', 'cn-hangzhou', ECI_PROVIDER, () => Promise.resolve(client));
    await region.ensureLoaded();
    const first = region.groups[0];
    assert.ok(first);
    assert.deepEqual(first.Events, []);
    const [fresh] = (await describeContainerGroups(client, { ContainerGroupIds: [first.ContainerGroupId] }))
      .ContainerGroups;
    assert.ok(fresh && fresh.Events.length >= 4);
    assert.equal(region.events(first.ContainerGroupId).count, fresh.Events.length);
    assert.equal(
      region.events(first.ContainerGroupId).warnings,
      fresh.Events.filter((e) => e.Type === 'Warning').length,
    );
    assert.deepEqual(
      (await region.loadEvents(first.ContainerGroupId)).map((e) => e.Reason),
      fresh.Events.map((e) => e.Reason),
    );
  });

  it('loads once however many ask at the same time, and reports a failure in place of the groups', async () => {
    const model = new ExplorerModel();
    let made = 0;
    const region = model.region('p', 'cn-hangzhou', ECI_PROVIDER, () => {
      made++;
      return Promise.resolve(client);
    });
    await Promise.all([region.ensureLoaded(), region.ensureLoaded(), region.ensureLoaded()]);
    assert.equal(made, 1);
    const broken = model.region('p', 'xx-nowhere-1', ECI_PROVIDER, () => Promise.resolve(client));
    await broken.ensureLoaded();
    assert.ok(broken.error instanceof Error);
    assert.equal(broken.isEmpty, false, 'a region that failed is not "empty" (it must not be hidden)');
  });
});

describe('the explorer model: auto-refresh of transitional groups only, only while visible', () => {
  let fixture: EmulatorFixture;
  let client: EciClient;
  // Real time: a new group is Pending, then Scheduling, for a few seconds before it runs.
  before(async () => {
    fixture = await EmulatorFixture.start({ speed: 1 });
    client = fixture.client();
  });
  after(() => fixture.close());
  const calls = (): number => fixture.emulator.signatures.v1 + fixture.emulator.signatures.v3;

  it('makes no call while hidden, polls the moving group while visible, and stops once it has settled', async () => {
    await createContainerGroup(client, group('moving'));
    const model = new ExplorerModel();
    const region = model.region('p', 'cn-hangzhou', ECI_PROVIDER, () => Promise.resolve(client));
    await region.ensureLoaded();
    assert.deepEqual(region.transitional().groups.length, 1);
    const changes: string[] = [];
    const changedRows: string[][] = [];
    const poller = new TransitionalPoller(
      () => [region],
      (r, change) => {
        changes.push(r.groups[0]?.Status ?? '');
        // What the tree redraws: just the moving group's row, not the region.
        assert.equal(change.whole, false);
        changedRows.push([...change.groups]);
      },
      100,
    );
    try {
      const hiddenFrom = calls();
      poller.setVisible(false);
      poller.poke();
      // No timer is armed while hidden, so no call can follow.
      assert.equal(poller.scheduled, false, 'a timer while hidden');
      assert.equal(calls() - hiddenFrom, 0, 'calls while hidden');

      poller.setVisible(true);
      await eventually(
        async () => (region.groups[0]?.Status === 'Running' ? true : undefined),
        15_000,
        'the group to be seen running',
      );
      assert.ok(changes.length >= 1 && changes.at(-1) === 'Running', changes.join(','));
      assert.ok(
        changedRows.every((ids) => ids.length === 1 && ids[0] === region.groups[0]?.ContainerGroupId),
        JSON.stringify(changedRows),
      );
      // The tick that saw it running arms no further timer, so no call can follow.
      await eventually(
        async () => (poller.scheduled ? undefined : true),
        5_000,
        'the poller to keep no timer once nothing is transitional',
      );
      assert.equal(region.transitional().groups.length, 0);
    } finally {
      poller.dispose();
    }
  });
});

describe('which regions the explorer shows', () => {
  const empty = new Set(['cn-beijing', 'cn-shanghai']);
  it('shows the pinned list or every region, home first, without the empty ones when asked (never the home region)', () => {
    const all = ['cn-beijing', 'cn-hangzhou', 'cn-shanghai', 'eu-central-1'];
    assert.deepEqual(
      regionsToShow(all, [], (r) => empty.has(r), false, 'cn-shanghai'),
      ['cn-shanghai', 'cn-beijing', 'cn-hangzhou', 'eu-central-1'],
    );
    assert.deepEqual(
      regionsToShow(all, [], (r) => empty.has(r), true, 'cn-shanghai'),
      ['cn-shanghai', 'cn-hangzhou', 'eu-central-1'],
    );
    assert.deepEqual(
      regionsToShow(all, ['eu-central-1', 'cn-beijing'], (r) => empty.has(r), true, 'cn-hangzhou'),
      ['eu-central-1'],
    );
  });
});

describe('the string interner', () => {
  it('shares one copy of repeated short strings and keeps every value as it was', () => {
    const interner = new StringInterner();
    const make = (): { zone: string; events: { reason: string; at: string }[]; cpu: number; long: string } => ({
      zone: ['cn-hangzhou', 'h'].join('-'),
      events: [{ reason: ['Pull', 'ed'].join(''), at: ['2026-11-22T10:00:00', 'Z'].join('') }],
      cpu: 2,
      long: 'x'.repeat(100),
    });
    const first = interner.intern(make());
    const second = interner.intern(make());
    assert.deepEqual(second, make());
    // JavaScript cannot tell two equal strings apart, so the table says what is shared: the three short strings,
    // once each however many records repeat them; the long one is left alone.
    assert.equal(interner.size, 3);
    assert.equal(first.zone, second.zone);
  });
});

describe('the explorer model: a reload while the first load is in flight', () => {
  it('loads the region list and a region again, so that a client closed meanwhile leaves no stale error', async () => {
    const fixture = await EmulatorFixture.start({ speed: 1000 });
    try {
      // The first loads get a client whose endpoint refuses (as one closed by a settings change fails), and only once
      // the reload has been asked for; the reload's loads get a good one.
      const refusing = fixture.client({ endpoint: 'http://127.0.0.1:9', maxAttempts: 1 });
      const good = fixture.client();
      let release = (): void => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let asked = 0;
      const client = async (): Promise<EciClient> => {
        if (++asked > 2) return good;
        await gate;
        return refusing;
      };
      const model = new ExplorerModel();
      const list = model.regionList('p', ECI_PROVIDER, client);
      const region = model.region('p', 'cn-hangzhou', ECI_PROVIDER, client);
      const firstLoads = Promise.all([list.ensureLoaded(), region.ensureLoaded()]);
      await eventually(async () => (asked === 2 ? true : undefined), 5_000, 'both first loads to ask for a client');
      const reloading = model.reload('p');
      release();
      await Promise.all([reloading, firstLoads]);
      assert.equal(list.error, undefined, 'the list was loaded again, with the new client');
      assert.ok(list.ids.includes('cn-hangzhou'));
      assert.equal(region.error, undefined, 'the region too');
    } finally {
      await fixture.close();
    }
  });
});
