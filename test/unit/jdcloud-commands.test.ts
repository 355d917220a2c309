import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { JdcloudClient } from '../../src/jdcloud/client';
import {
  associateElasticIp,
  createContainers,
  describeContainers,
  disassociateElasticIp,
  doneMessages,
  freeElasticIps,
  rememberElasticIps,
} from '../../src/jdcloud/operations';
import { EmulatorFixture } from '../helpers/emulator';

/**
 * What the JD Cloud commands offer and say, in plain Node: the elastic IPs Associate Elastic IP lists (the API lists
 * none: those seen on the account's containers and on none now) and the sentence each command ends with.
 */
const REGION = 'cn-north-1';

describe('JD Cloud commands: the elastic IPs offered and what each command says it did', () => {
  let fixture: EmulatorFixture;
  let client: JdcloudClient;
  before(async () => {
    fixture = await EmulatorFixture.start();
    client = fixture.jdcloudClient({ maxAttempts: 1 });
  });
  after(() => fixture.close());

  it('offers an elastic IP seen on a container once it is on none, with its address, until it is on one again', async () => {
    const spec = (name: string, eip: boolean): Parameters<typeof createContainers>[2] => ({
      instanceType: 'n.c1.medium',
      az: 'cn-north-1a',
      name,
      image: 'nginx:1.27-alpine',
      primaryNetworkInterface: { networkInterface: { subnetId: 'subnet-demo', securityGroups: ['sg-1'] } },
      ...(eip ? { elasticIp: { bandwidthMbps: 5 } } : {}),
    });
    const [web = ''] = (await createContainers(client, REGION, spec('web', true))).containerIds;
    const [api = ''] = (await createContainers(client, REGION, spec('api', false))).containerIds;
    const containers = async (): Promise<Awaited<ReturnType<typeof describeContainers>>['containers']> =>
      (await describeContainers(client, REGION, { pageSize: 100 })).containers;

    // Seen on web: known, not free.
    let known = rememberElasticIps([], await containers());
    const webEip = known.find((e) => e.lastOn === 'web');
    assert.ok(webEip !== undefined, JSON.stringify(known));
    assert.match(webEip.elasticIpAddress ?? '', /^114\.67\.0\.\d+$/);
    assert.deepEqual(freeElasticIps(known, await containers()), []);

    // Released from web: free, still with its address and where it was.
    await disassociateElasticIp(client, REGION, web, webEip.elasticIpId);
    known = rememberElasticIps(known, await containers());
    assert.deepEqual(freeElasticIps(known, await containers()), [webEip]);

    // On api now: known as api's, not free.
    await associateElasticIp(client, REGION, api, webEip.elasticIpId);
    known = rememberElasticIps(known, await containers());
    assert.deepEqual(freeElasticIps(known, await containers()), []);
    assert.deepEqual(
      known.filter((e) => e.elasticIpId === webEip.elasticIpId),
      [{ ...webEip, lastOn: 'api' }],
    );
    // At most 50 remembered, the ones seen now first.
    const many = Array.from({ length: 60 }, (_, i) => ({ elasticIpId: `fip-${i}` }));
    const kept = rememberElasticIps(many, await containers());
    assert.equal(kept.length, 50);
    assert.equal(kept[0]?.elasticIpId, webEip.elasticIpId);
  });

  it('ends each command with what happened, in the terms of the one who ran it', () => {
    assert.equal(
      doneMessages.rebuilt('web', 'nginx:1.29-alpine'),
      'web was rebuilt with nginx:1.29-alpine. It is stopped: start it to run the new image.',
    );
    assert.equal(doneMessages.associated('web', '114.67.0.3'), 'EIP 114.67.0.3 is now on web.');
    assert.equal(
      doneMessages.disassociated('web', '114.67.0.3'),
      'EIP 114.67.0.3 is no longer on web; it stays in the account.',
    );
    assert.equal(
      doneMessages.secretCreated('demo-registry', 'cn-north-1'),
      'Registry secret demo-registry was created in cn-north-1.',
    );
    assert.equal(
      doneMessages.secretDeleted('demo-registry', 'cn-north-1'),
      'Registry secret demo-registry was deleted from cn-north-1.',
    );
  });
});
