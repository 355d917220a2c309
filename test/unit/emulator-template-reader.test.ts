import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { deployTemplate, waitUntilSettled } from '../../src/deploy/template-deploy';
import type { EciClient } from '../../src/eci/client';
import * as ops from '../../src/eci/operations';
import { parseTemplateText } from '../../src/template/document';
import { validateTemplateText } from '../../src/template/validate';
import { apiError, EmulatorFixture } from '../helpers/emulator';

/**
 * The emulator reads templates itself (src/emulator/template-reader.ts), from the format, and shares nothing with
 * the extension's conversion (src/template/convert.ts, the way a deploy goes where the template actions are gone).
 * So a group deployed both ways is a cross-check of two independent readings of one template.
 */

type Json = Record<string, unknown>;
const FIXTURES = join(__dirname, '..', 'fixtures', 'templates');
const REGION = 'cn-hangzhou';

/** Every template fixture that validates without an error, as the value a deploy sends. */
function validFixtures(): [string, Json][] {
  return readdirSync(FIXTURES)
    .filter((name) => /\.eci\.(json|ya?ml)$/.test(name))
    .sort()
    .flatMap((name): [string, Json][] => {
      const text = readFileSync(join(FIXTURES, name), 'utf8');
      if (validateTemplateText(text).some((d) => d.severity === 'error')) return [];
      const documents = parseTemplateText(text).documents;
      assert.equal(documents.length, 1, name);
      // The network settings a deploy asks for when the template leaves them out.
      const template = {
        securityGroupId: 'sg-crosscheck',
        vSwitchId: 'vsw-crosscheck',
        ...(documents[0]?.value as Json),
      };
      return [[name, template]];
    });
}

/**
 * A DescribeContainerGroups record as the API gave it, without what differs between two groups made from one
 * template a moment apart: identity, address, times, and the state of the lifecycle they are each in.
 */
function specOf(group: Json): Json {
  const {
    ContainerGroupId: _id,
    IntranetIp: _ip,
    InternetIp: _publicIp,
    CreationTime: _created,
    SucceededTime: _succeeded,
    FailedTime: _failed,
    Events: _events,
    ...rest
  } = group;
  const container = (c: Json): Json => {
    const { CurrentState: _current, PreviousState: _previous, RestartCount: _restarts, Ready: _ready, ...spec } = c;
    return spec;
  };
  return {
    ...rest,
    Containers: (rest['Containers'] as Json[]).map(container),
    InitContainers: (rest['InitContainers'] as Json[]).map(container),
  };
}

/**
 * Every field schemas/eci-template.schema.json has, numbers and booleans in both of their forms. No object is left
 * empty: CreateContainerGroup's parameters are leaves (`Container.1.SecurityContext.RunAsUser`), so an empty object
 * such as `securityContext: {}` cannot travel that way at all, while the template action reads it as written.
 */
const EVERY_FIELD: Json = {
  containerGroupName: 'every-field',
  zoneId: 'cn-hangzhou-i',
  securityGroupId: 'sg-every',
  vSwitchId: 'vsw-every',
  resourceGroupId: 'rg-every',
  eipInstanceId: 'eip-every',
  instanceType: 'ecs.c6.large',
  slsEnable: 'true',
  imageSnapshotId: 'imc-every',
  autoMatchImageCache: false,
  resources: { cpu: '4', memory: 8 },
  tags: [{ key: 'team', value: 'web' }, { key: 'bare' }],
  spec: {
    restartPolicy: 'OnFailure',
    dnsPolicy: 'None',
    dnsConfig: {
      nameServers: ['100.100.2.136'],
      searches: ['svc.local'],
      options: [{ name: 'ndots', value: '2' }, { name: 'rotate' }],
    },
    securityContext: { sysctls: [{ name: 'kernel.msgmax', value: '65536' }, { name: 'net.core.somaxconn' }] },
    imagePullSecrets: [{ server: 'registry.example.com', userName: 'me', password: 'secret' }],
    hostAliases: [{ ip: '10.0.0.1', hostnames: ['db', 'cache'] }],
    volumes: [
      { name: 'nas', nfs: { server: 'nas.example.com', path: '/share', readOnly: 'true' } },
      { name: 'tmp', emptyDir: { medium: 'Memory', sizeLimit: '1Gi' } },
      { name: 'scratch', emptyDir: {} },
      { name: 'disk', emptyDir: { medium: '' } },
      {
        name: 'conf',
        configFile: { defaultMode: 420, items: [{ path: 'conf/app.conf', content: 'héllo\nworld', mode: '384' }] },
      },
    ],
    initContainers: [
      {
        name: 'init',
        image: 'busybox:1.36',
        imagePullPolicy: 'Never',
        resources: { cpu: 0.5 },
        command: ['sh'],
        args: ['-c', 'true'],
        workingDir: '/work',
        env: [{ name: 'EMPTY', value: '' }],
        ports: [{ containerPort: 81, name: 'admin' }],
        volumeMounts: [{ name: 'conf', mountPath: '/conf', subPath: 'conf', readOnly: true }],
        securityContext: { runAsUser: '0', readOnlyRootFilesystem: false, capabilities: { add: ['NET_RAW'] } },
        stdin: true,
        stdinOnce: 'false',
        tty: false,
      },
    ],
    containers: [
      {
        name: 'app',
        image: 'nginx:1.27-alpine',
        imagePullPolicy: 'Always',
        resources: { cpu: 1, memory: '2' },
        command: ['nginx'],
        args: ['-g', 'daemon off;'],
        workingDir: '/',
        env: [
          { name: 'MODE', value: 'web' },
          { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
        ],
        ports: [
          { containerPort: '80', protocol: 'TCP' },
          { containerPort: 53, protocol: 'UDP' },
        ],
        volumeMounts: [
          { name: 'nas', mountPath: '/nas' },
          { name: 'tmp', mountPath: '/tmp', readOnly: 'false' },
        ],
        securityContext: { capabilities: { add: ['NET_ADMIN'] } },
        stdin: 'true',
        tty: 'true',
        readinessProbe: {
          httpGet: { path: '/healthz', port: '80', scheme: 'HTTPS' },
          initialDelaySeconds: 0,
          periodSeconds: '3',
          timeoutSeconds: 2,
          successThreshold: 2,
          failureThreshold: 4,
        },
        livenessProbe: { tcpSocket: { port: 80 }, successThreshold: '1' },
      },
      {
        name: 'sidecar',
        image: 'busybox:1.36',
        readinessProbe: { exec: { command: ['cat', '/tmp/ready'] } },
        securityContext: { readOnlyRootFilesystem: true },
      },
    ],
  },
};

let fixture: EmulatorFixture;
let client: EciClient;
before(async () => {
  fixture = await EmulatorFixture.start();
  client = fixture.client();
});
after(() => fixture.close());

async function describedRaw(id: string): Promise<Json> {
  const answer = await client.callRaw('DescribeContainerGroups', { ContainerGroupIds: JSON.stringify([id]) });
  const group = (answer['ContainerGroups'] as Json[])[0];
  assert.ok(group !== undefined, `${id} is listed`);
  return group;
}

function template(text: string): Promise<Json> {
  return client.callRaw('CreateContainerGroupFromTemplate', {}, { mutating: true, bodyParams: { Template: text } });
}

const MINIMAL = {
  containerGroupName: 'reader',
  securityGroupId: 'sg-reader',
  vSwitchId: 'vsw-reader',
  spec: { containers: [{ name: 'web', image: 'nginx:1.27-alpine' }] },
};

/** MINIMAL as JSON text with values set (or, for undefined, removed) at paths of keys and list indexes. */
function variant(...changes: [(string | number)[], unknown][]): string {
  const copy = structuredClone(MINIMAL) as unknown as Json;
  for (const [path, value] of changes) {
    let node = copy;
    for (let i = 0; i < path.length - 1; i++) {
      const key = path[i] ?? '';
      node[key] ??= typeof path[i + 1] === 'number' ? [] : {};
      node = node[key] as Json;
    }
    const last = path[path.length - 1] ?? '';
    if (value === undefined) delete node[last];
    else node[last] = value;
  }
  return JSON.stringify(copy);
}

const withValue = (path: (string | number)[], value: unknown): string => variant([path, value]);

describe('emulator: its own reading of templates, cross-checked with the extension', () => {
  const fixtures = validFixtures();

  it('finds the valid fixtures to cross-check', () => {
    const names = fixtures.map(([name]) => name);
    for (const expected of ['valid-anchors.eci.yaml', 'valid-full.eci.json', 'valid-web.eci.yaml'])
      assert.ok(names.includes(expected), `${expected} is among ${names.join(', ')}`);
  });

  for (const [name, value] of fixtures) {
    it(`${name}: the template action and CreateContainerGroup through templateToRpcParams make the same group`, async () => {
      const byTemplate = await deployTemplate(client, value, REGION, 'template');
      const byRpc = await deployTemplate(client, value, REGION, 'rpc');
      assert.equal(byTemplate.method, 'template');
      assert.equal(byRpc.method, 'rpc');
      for (const id of [byTemplate.containerGroupId, byRpc.containerGroupId])
        assert.equal((await waitUntilSettled(client, id, REGION, { intervalMs: 10 })).settled, true);
      const [fromTemplate, fromRpc] = [
        await describedRaw(byTemplate.containerGroupId),
        await describedRaw(byRpc.containerGroupId),
      ];
      assert.deepEqual(specOf(fromTemplate), specOf(fromRpc));
      // Not two empty readings: the group has the template's containers.
      const containers = (value['spec'] as { containers: { name: string }[] }).containers;
      assert.deepEqual(
        (fromTemplate['Containers'] as Json[]).map((c) => c['Name']),
        containers.map((c) => c.name),
      );
    });
  }

  it('a template with every field of the schema: the two readings make the same group', async () => {
    const byTemplate = await deployTemplate(client, EVERY_FIELD, REGION, 'template');
    const byRpc = await deployTemplate(client, EVERY_FIELD, REGION, 'rpc');
    for (const id of [byTemplate.containerGroupId, byRpc.containerGroupId])
      await waitUntilSettled(client, id, REGION, { intervalMs: 10 });
    const fromTemplate = await describedRaw(byTemplate.containerGroupId);
    assert.deepEqual(specOf(fromTemplate), specOf(await describedRaw(byRpc.containerGroupId)));
    // Spot checks that the fields arrived at all (an agreement on leaving them out would pass the comparison).
    assert.deepEqual(fromTemplate['HostAliases'], [{ Ip: '10.0.0.1', Hostnames: ['db', 'cache'] }]);
    const volumes = fromTemplate['Volumes'] as Json[];
    assert.deepEqual(volumes[4]?.['ConfigFileVolumeConfigFileToPaths'], [
      { Path: 'conf/app.conf', Content: Buffer.from('héllo\nworld').toString('base64') },
    ]);
    const [app] = fromTemplate['Containers'] as Json[];
    assert.deepEqual(app?.['ReadinessProbe'], {
      InitialDelaySeconds: 0,
      PeriodSeconds: 3,
      SuccessThreshold: 2,
      FailureThreshold: 4,
      TimeoutSeconds: 2,
      HttpGet: { Path: '/healthz', Port: 80, Scheme: 'HTTPS' },
    });
  });

  it('reads numbers and booleans written as strings, as the reference sample writes them', async () => {
    const { ContainerGroupId: id } = await template(
      variant(
        [['spec', 'containers', 0, 'ports'], [{ containerPort: '8080', protocol: 'UDP' }]],
        [['spec', 'containers', 0, 'tty'], 'true'],
        [['spec', 'containers', 0, 'resources'], { cpu: '0.5', memory: '1' }],
      ),
    );
    const group = await describedRaw(String(id));
    const container = (group['Containers'] as Json[])[0] ?? {};
    assert.deepEqual(container['Ports'], [{ Port: 8080, Protocol: 'UDP' }]);
    assert.equal(container['Tty'], true);
    assert.equal(container['Cpu'], 0.5);
    assert.deepEqual([group['Cpu'], group['Memory']], [0.5, 1]);
  });

  it('keeps on an update by template what the update form leaves out', async () => {
    const created = await ops.createContainerGroupFromTemplate(client, {
      ...MINIMAL,
      tags: [{ key: 'team', value: 'web' }],
      spec: {
        ...MINIMAL.spec,
        restartPolicy: 'OnFailure',
        hostAliases: [{ ip: '10.0.0.9', hostnames: ['db.local'] }],
        imagePullSecrets: [{ server: 'registry.example.com', userName: 'me', password: 'pw' }],
      },
    });
    const id = created.ContainerGroupId;
    await waitUntilSettled(client, id, REGION, { intervalMs: 10 });
    await ops.updateContainerGroupByTemplate(client, {
      containerGroupId: id,
      spec: { containers: [{ name: 'web', image: 'nginx:1.28-alpine' }] },
    });
    const group = await describedRaw(id);
    assert.equal((group['Containers'] as Json[])[0]?.['Image'], 'nginx:1.28-alpine');
    assert.equal(group['RestartPolicy'], 'OnFailure');
    assert.deepEqual(group['Tags'], [{ Key: 'team', Value: 'web' }]);
    assert.deepEqual(group['HostAliases'], [{ Ip: '10.0.0.9', Hostnames: ['db.local'] }]);
  });
});

describe('emulator: templates it cannot read, answered with clear API errors', () => {
  const cases: [string, string, string, RegExp][] = [
    ['text that is not JSON', '{"containerGroupName": ', 'IncorrectUserTemplateFormat', /not valid JSON/],
    ['a JSON list', '[]', 'IncorrectUserTemplateFormat', /must be a JSON object/],
    ['a JSON string', '"spec"', 'IncorrectUserTemplateFormat', /must be a JSON object/],
    ['JSON null', 'null', 'IncorrectUserTemplateFormat', /must be a JSON object/],
    [
      'a name that is a number',
      withValue(['containerGroupName'], 42),
      'IncorrectUserTemplateFormat',
      /containerGroupName must be a string, not the number 42/,
    ],
    [
      'ports that are an object, not a list',
      withValue(['spec', 'containers', 0, 'ports'], { containerPort: 80 }),
      'IncorrectUserTemplateFormat',
      /spec\.containers\[0\]\.ports must be a list, not an object/,
    ],
    [
      'a vCPU count that is an object',
      withValue(['resources'], { cpu: { value: 2 } }),
      'IncorrectUserTemplateFormat',
      /resources\.cpu must be a number, not an object/,
    ],
    [
      "an environment variable's value that is a number",
      withValue(['spec', 'containers', 0, 'env'], [{ name: 'N', value: 1 }]),
      'IncorrectUserTemplateFormat',
      /spec\.containers\[0\]\.env\[0\]\.value must be a string, not the number 1/,
    ],
    [
      'a boolean that is neither true nor false',
      withValue(['spec', 'containers', 0, 'stdin'], 'yes'),
      'InvalidParameter',
      /spec\.containers\[0\]\.stdin.*"yes" is not true or false/,
    ],
    [
      'a port written as a word',
      withValue(['spec', 'containers', 0, 'ports'], [{ containerPort: 'eighty' }]),
      'InvalidParameter',
      /spec\.containers\[0\]\.ports\[0\]\.containerPort.*"eighty" is not a number/,
    ],
    [
      "runAsUser outside securityContext (the 2020 sample's mistake)",
      withValue(['spec', 'containers', 0, 'runAsUser'], 1000),
      'IncorrectUserTemplateFormat',
      /field "runAsUser" in spec\.containers\[0\] that the template format does not have/,
    ],
    [
      "a sysctl's Name in the RPC spelling",
      withValue(['spec', 'securityContext', 'sysctls'], [{ Name: 'kernel.msgmax', value: '1' }]),
      'IncorrectUserTemplateFormat',
      /field "Name" in spec\.securityContext\.sysctls\[0\].*the format writes it "name"/,
    ],
    [
      'a probe on an init container',
      withValue(['spec', 'initContainers'], [{ name: 'init', image: 'busybox', readinessProbe: {} }]),
      'IncorrectUserTemplateFormat',
      /field "readinessProbe" in spec\.initContainers\[0\]/,
    ],
    [
      'a container without an image',
      withValue(['spec', 'containers', 0, 'image'], undefined),
      'MissingParameter',
      /"spec\.containers\[0\]\.image"/,
    ],
    ['no spec', withValue(['spec'], undefined), 'MissingParameter', /"spec"/],
    [
      'a restart policy the format does not have',
      withValue(['spec', 'restartPolicy'], 'Sometimes'),
      'InvalidParameter',
      /spec\.restartPolicy.*"Sometimes" is not one of/,
    ],
    [
      'a port out of range',
      withValue(['spec', 'containers', 0, 'ports'], [{ containerPort: 70000 }]),
      'InvalidParameter.ValueExceeded',
      /spec\.containers\[0\]\.ports\[0\]\.containerPort must be at least 1 and at most 65535; got 70000/,
    ],
    [
      'a volume of two kinds',
      withValue(['spec', 'volumes'], [{ name: 'v', emptyDir: {}, nfs: { server: 's', path: '/' } }]),
      'InvalidParameter',
      /spec\.volumes\[0\].*exactly one of nfs, emptyDir and configFile/,
    ],
    [
      'a group ID in the create form',
      withValue(['containerGroupId'], 'eci-x'),
      'InvalidParameter',
      /containerGroupId.*names a group to update/,
    ],
  ];
  for (const [what, text, code, message] of cases) {
    it(`CreateContainerGroupFromTemplate with ${what}: ${code}`, async () => {
      const error = await apiError(template(text));
      assert.equal(error.code, code, error.message);
      assert.match(error.message, message);
      assert.equal(error.httpStatus, 400);
    });
  }

  it('creates nothing for a template it refused', async () => {
    const before = (await ops.describeContainerGroups(client, { ContainerGroupName: 'reader' })).TotalCount;
    await apiError(template(withValue(['spec', 'containers', 0, 'ports'], 'all')));
    assert.equal((await ops.describeContainerGroups(client, { ContainerGroupName: 'reader' })).TotalCount, before);
  });

  it('refuses an update by template of the wrong shape and leaves the group as it was', async () => {
    const { ContainerGroupId: id } = await ops.createContainerGroupFromTemplate(client, MINIMAL);
    await waitUntilSettled(client, id, REGION, { intervalMs: 10 });
    const error = await apiError(
      ops.updateContainerGroupByTemplate(client, {
        containerGroupId: id,
        spec: { containers: [{ name: 'web', image: 'nginx:1.28-alpine', command: 'nginx -g daemon off;' }] },
      }),
    );
    assert.equal(error.code, 'IncorrectUserTemplateFormat');
    assert.match(error.message, /spec\.containers\[0\]\.command must be a list, not the string "nginx -g daemon off;"/);
    const group = await describedRaw(id);
    assert.equal(group['Status'], 'Running');
    assert.equal((group['Containers'] as Json[])[0]?.['Image'], 'nginx:1.27-alpine');
  });
});
