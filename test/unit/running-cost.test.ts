import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EciClient } from '../../src/eci/client';
import { createContainerGroup, describeContainerGroupPrice, describeContainerGroups } from '../../src/eci/operations';
import { runningCost } from '../../src/eci/running-cost';
import { EmulatorFixture } from '../helpers/emulator';

describe("a group's running cost, against the emulator", () => {
  let fixture: EmulatorFixture;
  let client: EciClient;
  before(async () => {
    // Fast enough that a new group runs within the test; the cost is computed from the record's creation time.
    fixture = await EmulatorFixture.start({ speed: 1000 });
    client = fixture.client();
  });
  after(() => fixture.close());

  it("is the group's price per hour times the hours since it was created, and none before it runs", async () => {
    const { ContainerGroupId: id } = await createContainerGroup(client, {
      ContainerGroupName: 'costly',
      SecurityGroupId: 'sg-cost',
      VSwitchId: 'vsw-cn-hangzhou-h-cost',
      Cpu: 2,
      Memory: 4,
      Container: [{ Name: 'app', Image: 'nginx:1.25', Cpu: 2, Memory: 4 }],
    });
    const read = async () => (await describeContainerGroups(client, { ContainerGroupIds: [id] })).ContainerGroups[0];
    const pending = await read();
    assert.ok(pending !== undefined);
    let group = pending;
    for (let round = 0; group.Status !== 'Running'; round++) {
      assert.ok(round < 200, `the group reached ${group.Status}, not Running`);
      group = (await read()) ?? group;
    }
    const created = Date.parse(group.CreationTime ?? '');
    const { PriceInfo } = await describeContainerGroupPrice(client, { Cpu: 2, Memory: 4 });
    const perHour = PriceInfo.Price.TradePrice ?? PriceInfo.Price.OriginalPrice ?? NaN;
    const cost = await runningCost(client, 'cn-hangzhou', group, created + 90 * 60_000);
    assert.ok(cost !== undefined);
    assert.equal(cost.perHour, perHour);
    assert.equal(cost.hours, 1.5);
    assert.equal(cost.total, perHour * 1.5);
    assert.equal(cost.currency, '¥');
    assert.equal(await runningCost(client, 'cn-hangzhou', { ...group, Status: 'Pending' }), undefined);
  });
});
