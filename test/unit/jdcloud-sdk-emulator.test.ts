import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO_KEY } from '../../src/emulator/demo-key';
import { EmulatorFixture } from '../helpers/emulator';
import type { OfficialNativeContainer, SdkAnswer } from '../helpers/jdcloud-sdk';
import { officialDefaultEndpoint, officialNativeContainer } from '../helpers/jdcloud-sdk';
import { JDCLOUD_ENDPOINT } from '../../src/jdcloud/client';

/**
 * The emulator's Native Container API driven by JD Cloud's official JavaScript SDK alone, through every operation
 * of the seed's table: it is served as the SDK sends it, and answers as JD Cloud documents (the Go SDK's models,
 * where the JS SDK names a result's type but not its fields), with the seed's rules as JD Cloud's errors. Our own
 * client plays no part here, so a misunderstanding it shares with the emulator cannot pass.
 */
const REGION = 'cn-north-1';

type Json = Record<string, unknown>;

/** The JSON type of each field of the Go SDK's nativecontainer.Container. */
const CONTAINER_FIELDS: Readonly<Record<string, 'string' | 'boolean' | 'list' | 'object'>> = {
  containerId: 'string',
  status: 'string',
  instanceType: 'string',
  az: 'string',
  name: 'string',
  hostAliases: 'list',
  hostname: 'string',
  command: 'list',
  args: 'list',
  envs: 'list',
  image: 'string',
  secret: 'string',
  tty: 'boolean',
  workingDir: 'string',
  rootVolume: 'object',
  dataVolumes: 'list',
  vpcId: 'string',
  subnetId: 'string',
  privateIpAddress: 'string',
  elasticIpId: 'string',
  elasticIpAddress: 'string',
  primaryNetworkInterface: 'object',
  secondaryNetworkInterfaces: 'list',
  logConfiguration: 'object',
  tags: 'list',
  charge: 'object',
  launchTime: 'string',
  reason: 'string',
  description: 'string',
};

const typeOf = (value: unknown): string =>
  Array.isArray(value) ? 'list' : value === null ? 'null' : typeof value === 'object' ? 'object' : typeof value;

/** A container as JD Cloud shows it: the Go model's fields with their types, and nothing of the emulator's own. */
function assertJdContainer(container: Json): void {
  for (const [name, type] of Object.entries(CONTAINER_FIELDS))
    assert.equal(typeOf(container[name]), type, `container.${name}`);
  const extra = Object.keys(container).filter((name) => !(name in CONTAINER_FIELDS));
  assert.deepEqual(extra, [], 'fields JD Cloud does not return');
  const attachment = container['primaryNetworkInterface'] as Json;
  assert.equal(attachment['deviceIndex'], 1);
  const networkInterface = attachment['networkInterface'] as Json;
  assert.match(String(networkInterface['networkInterfaceId']), /^port-/);
  assert.equal(networkInterface['vpcId'], container['vpcId']);
  assert.equal(networkInterface['subnetId'], container['subnetId']);
  assert.deepEqual(networkInterface['primaryIp'], {
    privateIpAddress: container['privateIpAddress'],
    elasticIpId: container['elasticIpId'],
    elasticIpAddress: container['elasticIpAddress'],
  });
}

/** The SDK's call refused: JD Cloud's HTTP code and status, and a message matching `message`. */
async function refused(call: Promise<SdkAnswer>, code: number, status: string, message: RegExp): Promise<void> {
  const answer = await call.then(
    (value) => assert.fail(`expected ${status}, got ${JSON.stringify(value.result)}`),
    (error: unknown) => error as SdkAnswer,
  );
  assert.equal(answer.error?.code, code, JSON.stringify(answer.error));
  assert.equal(answer.error?.status, status, JSON.stringify(answer.error));
  assert.match(answer.error?.message ?? '', message);
}

const spec = (name: string, extra: Json = {}): Json => ({
  instanceType: 'n.c1.medium',
  az: 'cn-north-1a',
  name,
  image: 'nginx:1.27-alpine',
  primaryNetworkInterface: { networkInterface: { subnetId: 'subnet-sdk', securityGroups: ['sg-sdk'] } },
  ...extra,
});

describe("the emulator's Native Container API, driven by JD Cloud's official JavaScript SDK", () => {
  let fixture: EmulatorFixture;
  let sdk: OfficialNativeContainer;

  // The emulator's clock moves only when the test moves it (a second a step, JD_PHASE_SECONDS apart), so that a
  // state between two others (rebuilding) is seen whatever the machine's load. It starts at the real time: the SDK
  // signs with that, and a step or two later is well within what a signature's date may differ by.
  const clock = { at: Date.now() };

  before(async () => {
    fixture = await EmulatorFixture.start({ speed: 1, now: () => clock.at });
    sdk = officialNativeContainer(fixture.emulator.url, DEMO_KEY);
  });
  after(() => fixture.close());

  const statusOf = async (containerId: string): Promise<string> =>
    String(((await sdk.describeContainer({ containerId }, REGION)).result['container'] as Json)['status']);
  /** Moves the clock a second at a time until the container is in `status` (at most a minute of its time). */
  const reaches = async (containerId: string, status: string): Promise<void> => {
    const seen: string[] = [];
    for (let step = 0; step < 60; step++) {
      const now = await statusOf(containerId);
      if (now === status) return;
      seen.push(now);
      clock.at += 1000;
    }
    assert.fail(`${containerId} did not reach ${status} within a minute of the emulator's clock: ${seen.join(', ')}`);
  };
  const create = async (containerSpec: Json, maxCount = 1): Promise<string[]> =>
    (await sdk.createContainers({ containerSpec, maxCount }, REGION)).result['containerIds'] as string[];

  it("our client's default endpoint is the SDK's: nativecontainer.jdcloud-api.com over https", () => {
    assert.equal(JDCLOUD_ENDPOINT, officialDefaultEndpoint());
  });

  it('creates, lists, describes, renames, stops, rebuilds and starts a container, as JD Cloud shows them', async () => {
    const [id = ''] = await create(
      spec('sdk-web', {
        hostname: 'sdk-web',
        rootVolume: { category: 'cloud', cloudDiskSpec: { diskType: 'ssd.gp1', diskSizeGB: 20 } },
        dataVolumes: [
          { category: 'cloud', mountPath: '/data', cloudDiskSpec: { diskType: 'premium-hdd', diskSizeGB: 100 } },
        ],
        envs: [{ name: 'MODE', value: 'sdk' }],
        command: ['nginx'],
        args: ['-g', 'daemon off;'],
      }),
    );
    assert.match(id, /^c-/);
    await reaches(id, 'running');
    const { container } = (await sdk.describeContainer({ containerId: id }, REGION)).result as { container: Json };
    assertJdContainer(container);
    assert.equal(container['subnetId'], 'subnet-sdk');
    assert.match(String(container['vpcId']), /^vpc-/);
    assert.deepEqual(container['command'], ['nginx']);
    assert.deepEqual(container['envs'], [{ name: 'MODE', value: 'sdk' }]);
    const root = container['rootVolume'] as { mountPath: string; cloudDisk: Json };
    assert.equal(root.mountPath, '/');
    assert.deepEqual([root.cloudDisk['diskType'], root.cloudDisk['diskSize']], ['ssd.gp1', 20]);
    const [data] = container['dataVolumes'] as { mountPath: string; cloudDisk: Json }[];
    assert.deepEqual(
      [data?.mountPath, data?.cloudDisk['diskType'], data?.cloudDisk['diskSize']],
      ['/data', 'premium-hdd', 100],
    );

    const listed = (
      await sdk.describeContainers(
        {
          pageNumber: 1,
          pageSize: 10,
          filters: [
            { name: 'name', values: ['sdk-w'] },
            { name: 'vpcId', values: [container['vpcId']] },
          ],
        },
        REGION,
      )
    ).result as { containers: Json[]; totalCount: number };
    assert.equal(listed.totalCount, 1);
    listed.containers.forEach(assertJdContainer);
    assert.equal(listed.containers[0]?.['containerId'], id);

    await sdk.modifyContainerAttribute({ containerId: id, description: 'only the description' }, REGION);
    await refused(
      sdk.modifyContainerAttribute({ containerId: id }, REGION),
      400,
      'INVALID_ARGUMENT',
      /name or description/,
    );
    await refused(
      sdk.modifyContainerAttribute({ containerId: id, name: 'has space' }, REGION),
      400,
      'INVALID_ARGUMENT',
      /1 to 32/,
    );

    await refused(
      sdk.rebuildContainer({ containerId: id, image: 'nginx:1.28' }, REGION),
      400,
      'FAILED_PRECONDITION',
      /stopped/,
    );
    await sdk.stopContainer({ containerId: id }, REGION);
    await reaches(id, 'stopped');
    await sdk.rebuildContainer(
      { containerId: id, image: 'nginx:1.28', envs: [{ name: 'MODE', value: 'rebuilt' }] },
      REGION,
    );
    assert.equal(await statusOf(id), 'rebuilding');
    await reaches(id, 'stopped');
    const rebuilt = (await sdk.describeContainer({ containerId: id }, REGION)).result['container'] as Json;
    assert.deepEqual(
      [rebuilt['image'], rebuilt['envs'], rebuilt['command']],
      ['nginx:1.28', [{ name: 'MODE', value: 'rebuilt' }], ['nginx']],
    );
    await sdk.startContainer({ containerId: id }, REGION);
    await reaches(id, 'running');
    const { logs } = (await sdk.getLogs({ containerId: id, tailLines: 3 }, REGION)).result as { logs: string };
    assert.equal(typeof logs, 'string');
    await sdk.stopContainer({ containerId: id }, REGION);
    await reaches(id, 'stopped');
    await sdk.deleteContainer({ containerId: id }, REGION);
    await refused(sdk.describeContainer({ containerId: id }, REGION), 404, 'NOT_FOUND', /does not exist/);
  });

  it('execCreate, resizeTTY and execGetExitCode as the SDK sends them', async () => {
    const [id = ''] = await create(spec('sdk-exec'));
    await reaches(id, 'running');
    const { execId } = (await sdk.execCreate({ containerId: id, command: ['sh'], tty: true }, REGION)).result as {
      execId: string;
    };
    assert.equal(typeof execId, 'string');
    assert.deepEqual((await sdk.resizeTTY({ containerId: id, height: 24, width: 80, execId }, REGION)).result, {});
    const exit = (await sdk.execGetExitCode({ containerId: id, execId }, REGION)).result;
    assert.ok('exitCode' in exit);
    await refused(sdk.execGetExitCode({ containerId: id, execId: 'nope' }, REGION), 404, 'NOT_FOUND', /No such exec/);
  });

  it('elastic IPs: an unknown one refused, a disassociated one kept and associated again', async () => {
    const [a = '', b = ''] = await Promise.all([
      create(spec('sdk-eip-a', { elasticIp: { bandwidthMbps: 10, provider: 'bgp' } })).then((ids) => ids[0]),
      create(spec('sdk-eip-b')).then((ids) => ids[0]),
    ]);
    await reaches(a ?? '', 'running');
    await reaches(b ?? '', 'running');
    const withIp = (await sdk.describeContainer({ containerId: a }, REGION)).result['container'] as Json;
    const elasticIpId = String(withIp['elasticIpId']);
    assert.match(elasticIpId, /^fip-/);
    await refused(
      sdk.associateElasticIp({ containerId: b, elasticIpId: 'fip-unknown' }, REGION),
      404,
      'NOT_FOUND',
      /fip-unknown/,
    );
    await refused(
      sdk.associateElasticIp({ containerId: b, elasticIpId }, REGION),
      400,
      'FAILED_PRECONDITION',
      /disassociate it/,
    );
    await sdk.disassociateElasticIp({ containerId: a, elasticIpId }, REGION);
    await sdk.associateElasticIp({ containerId: b, elasticIpId }, REGION);
    const moved = (await sdk.describeContainer({ containerId: b }, REGION)).result['container'] as Json;
    assert.deepEqual([moved['elasticIpId'], moved['elasticIpAddress']], [elasticIpId, withIp['elasticIpAddress']]);
    assertJdContainer(moved);
    await refused(
      sdk.disassociateElasticIp({ containerId: a, elasticIpId }, REGION),
      400,
      'INVALID_ARGUMENT',
      /not associated/,
    );
  });

  it('secrets: created with secretType, listed by name, described with createdAt and never the password', async () => {
    const data = { server: 'registry.example.com', username: 'sdk', password: 'sdk-password' };
    assert.deepEqual(
      (await sdk.createSecret({ name: 'sdk-registry', secretType: 'docker-registry', data }, REGION)).result,
      { secretName: 'sdk-registry' },
    );
    await refused(
      sdk.createSecret({ name: 'sdk-other', secretType: 'opaque', data }, REGION),
      400,
      'INVALID_ARGUMENT',
      /docker-registry/,
    );
    const listed = (await sdk.describeSecrets({ filters: [{ name: 'name', values: ['sdk-reg'] }] }, REGION)).result;
    assert.equal(listed['totalCount'], 1);
    const { secret } = (await sdk.describeSecret({ name: 'sdk-registry' }, REGION)).result as { secret: Json };
    assert.deepEqual(Object.keys(secret).sort(), ['createdAt', 'data', 'name', 'secretType']);
    assert.match(String(secret['createdAt']), /^\d{4}-\d\d-\d\dT/);
    assert.ok(!JSON.stringify(listed).includes('sdk-password') && !JSON.stringify(secret).includes('sdk-password'));
    await sdk.deleteSecret({ name: 'sdk-registry' }, REGION);
    await refused(sdk.describeSecret({ name: 'sdk-registry' }, REGION), 404, 'NOT_FOUND', /sdk-registry/);
  });

  it('describeQuota: one resource type a call, answered as {quota}; none or another refused', async () => {
    const quota = (await sdk.describeQuota({ resourceType: 'container' }, REGION)).result;
    assert.deepEqual(Object.keys(quota), ['quota']);
    const { resourceType, limit, used } = quota['quota'] as Json;
    assert.deepEqual([resourceType, typeof limit, typeof used], ['container', 'number', 'number']);
    assert.equal((await sdk.describeQuota({ resourceType: 'secret' }, REGION)).result['quota'] !== undefined, true);
    assert.equal(((await sdk.describeQuota({ resourceType: 'pod' }, REGION)).result['quota'] as Json)['used'], 0);
    // The SDK itself will not leave resourceType out; sent empty, the emulator says what it takes.
    assert.throws(() => sdk.describeQuota({}, REGION), /Missing the required parameter 'opts.resourceType'/);
    await refused(sdk.describeQuota({ resourceType: '' }, REGION), 400, 'INVALID_ARGUMENT', /resourceType is required/);
    await refused(
      sdk.describeQuota({ resourceType: 'disk' }, REGION),
      400,
      'INVALID_ARGUMENT',
      /container, pod or secret/,
    );
  });

  it("refuses the seed's and the SDK's rules for createContainers, naming the field", async () => {
    const network = (networkInterface: Json, more: Json = {}): Json => ({
      primaryNetworkInterface: { networkInterface, ...more },
    });
    const cases: [Json, RegExp][] = [
      [network({ subnetId: 'subnet-sdk' }), /1 to 5 security groups/],
      [network({ subnetId: 'subnet-sdk', securityGroups: ['a', 'b', 'c', 'd', 'e', 'f'] }), /1 to 5 security groups/],
      [network({ subnetId: 'subnet-sdk', securityGroups: ['sg'] }, { deviceIndex: 0 }), /deviceIndex is 1/],
      [{ name: 'a name with spaces' }, /containerSpec\.name/],
      [{ name: 'x'.repeat(33) }, /1 to 32/],
      [{ hostname: '-bad' }, /hostname/],
      [{ elasticIp: { bandwidthMbps: 201 } }, /bandwidthMbps must be an integer from 1 to 200/],
      [
        { rootVolume: { category: 'local', cloudDiskSpec: { diskType: 'ssd', diskSizeGB: 20 } } },
        /category is "cloud"/,
      ],
      [{ rootVolume: { category: 'cloud', cloudDiskSpec: { diskType: 'ssd', diskSizeGB: 110 } } }, /10–100 GB/],
      [{ rootVolume: { category: 'cloud', cloudDiskSpec: { diskType: 'ssd.gp1', diskSizeGB: 15 } } }, /steps of 10/],
      [
        { dataVolumes: [{ category: 'cloud', cloudDiskSpec: { diskType: 'ssd', diskSizeGB: 20 } }] },
        /mountPath is required/,
      ],
      [
        {
          dataVolumes: [
            { category: 'cloud', mountPath: '/d', cloudDiskSpec: { diskType: 'hdd.std1', diskSizeGB: 2010 } },
          ],
        },
        /20–2000 GB/,
      ],
      [
        {
          dataVolumes: [
            { category: 'cloud', mountPath: '/d', cloudDiskSpec: { diskType: 'ssd.io1', diskSizeGB: 20, iops: 1500 } },
          ],
        },
        /200–1000 IOPS/,
      ],
      [
        {
          dataVolumes: Array.from({ length: 8 }, () => ({
            category: 'cloud',
            mountPath: '/d',
            cloudDiskId: 'vol-1',
            fsType: 'xfs',
          })),
        },
        /At most 7/,
      ],
      [
        {
          dataVolumes: ['/d', '/d'].map((mountPath) => ({
            category: 'cloud',
            mountPath,
            cloudDiskSpec: { diskType: 'ssd', diskSizeGB: 20 },
          })),
        },
        /Two data volumes are mounted at \/d/,
      ],
      [{ workingDir: 'relative' }, /workingDir must be an absolute path/],
      [{ secret: 'no-such-secret' }, /no-such-secret/],
      [{ logConfiguration: { logDriver: 'syslog' } }, /logDriver/],
    ];
    for (const [extra, message] of cases) {
      const answer = await sdk.createContainers({ containerSpec: spec('sdk-bad', extra), maxCount: 1 }, REGION).then(
        (value) => assert.fail(`accepted ${JSON.stringify(extra)}: ${JSON.stringify(value.result)}`),
        (error: unknown) => error as SdkAnswer,
      );
      assert.match(answer.error?.message ?? '', message, JSON.stringify(extra));
    }
    await refused(
      sdk.createContainers(
        {
          containerSpec: spec('sdk-ip', {
            primaryNetworkInterface: {
              networkInterface: { subnetId: 's', securityGroups: ['sg'], primaryIpAddress: '10.0.9.9' },
            },
          }),
          maxCount: 2,
        },
        REGION,
      ),
      400,
      'INVALID_ARGUMENT',
      /primaryIpAddress can be given only with maxCount 1/,
    );
    // A primary IP of the subnet's that a container has already is refused (the seed: an unused one).
    const fixed = (name: string): Json =>
      spec(name, {
        primaryNetworkInterface: {
          networkInterface: { subnetId: 'subnet-fixed', securityGroups: ['sg'], primaryIpAddress: '10.0.8.8' },
        },
      });
    const [first = ''] = await create(fixed('sdk-fixed-1'));
    assert.equal(
      ((await sdk.describeContainer({ containerId: first }, REGION)).result['container'] as Json)['privateIpAddress'],
      '10.0.8.8',
    );
    await refused(
      sdk.createContainers({ containerSpec: fixed('sdk-fixed-2'), maxCount: 1 }, REGION),
      400,
      'INVALID_ARGUMENT',
      /primaryIpAddress 10\.0\.8\.8 is in use in subnet-fixed/,
    );
    // Today's disk types and the seed's, and a Chinese name, are taken.
    const [id = ''] = await create(
      spec('容器-sdk_1', {
        rootVolume: { category: 'cloud', cloudDiskSpec: { diskType: 'hdd.std1', diskSizeGB: 10 } },
        dataVolumes: [
          { category: 'cloud', mountPath: '/a', cloudDiskSpec: { diskType: 'ssd.io1', diskSizeGB: 20, iops: 1000 } },
          { category: 'cloud', mountPath: '/b', cloudDiskSpec: { diskType: 'ssd', diskSizeGB: 1000 } },
          { category: 'cloud', mountPath: '/c', cloudDiskId: 'vol-existing', fsType: 'ext4' },
        ],
      }),
    );
    const made = (await sdk.describeContainer({ containerId: id }, REGION)).result['container'] as Json;
    const disks = (made['dataVolumes'] as { cloudDisk: Json }[]).map((v) => [
      v.cloudDisk['diskType'],
      v.cloudDisk['iops'],
    ]);
    assert.deepEqual(disks, [
      ['ssd.io1', 1000],
      ['ssd', 0],
      ['', 0],
    ]);
  });
});
