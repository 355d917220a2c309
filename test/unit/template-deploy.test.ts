import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  deployTemplate,
  exportGroup,
  isTemplateActionMissing,
  TRANSITIONAL_STATES,
  updateFromTemplate,
  waitUntilSettled,
} from '../../src/deploy/template-deploy';
import { MASK, maskSecrets, summarizeChanges, templateChanges } from '../../src/deploy/template-diff';
import { fieldOf } from '../../src/deploy/error-field';
import type { EciClient } from '../../src/eci/client';
import { CloudError } from '../../src/core/errors';
import { apiError, EmulatorFixture } from '../helpers/emulator';

const TEMPLATE = {
  containerGroupName: 'deploy-test',
  securityGroupId: 'sg-deploy',
  vSwitchId: 'vsw-cn-hangzhou-h-deploy',
  resources: { cpu: 1, memory: 2 },
  tags: [{ key: 'team', value: 'web' }],
  spec: {
    containers: [
      { name: 'web', image: 'nginx:1.25', resources: { cpu: 1, memory: 2 }, env: [{ name: 'MODE', value: 'a' }] },
    ],
    imagePullSecrets: [{ server: 'registry.example.com', userName: 'me', password: 'hunter2' }],
  },
};

describe('deploy, update and export by template, against the emulator', () => {
  // One emulator that still has the template actions (as before late 2022), one that answers InvalidAction (today).
  let withTemplates: EmulatorFixture;
  let withoutTemplates: EmulatorFixture;
  let old: EciClient;
  let today: EciClient;
  before(async () => {
    withTemplates = await EmulatorFixture.start();
    withoutTemplates = await EmulatorFixture.start({ templateApi: false });
    old = withTemplates.client();
    today = withoutTemplates.client();
  });
  after(async () => {
    await withTemplates.close();
    await withoutTemplates.close();
  });

  it('deploys with the template action where it exists, and falls back to CreateContainerGroup where it does not', async () => {
    const viaTemplate = await deployTemplate(old, TEMPLATE, 'cn-hangzhou', 'auto');
    assert.equal(viaTemplate.method, 'template');
    const viaRpc = await deployTemplate(today, TEMPLATE, 'cn-hangzhou', 'auto');
    assert.equal(viaRpc.method, 'rpc');
    assert.match(viaRpc.containerGroupId, /^eci-/);
    // Asked for the template action explicitly, today's API says so rather than falling back.
    const refused = await apiError(deployTemplate(today, TEMPLATE, 'cn-hangzhou', 'template'));
    assert.ok(isTemplateActionMissing(refused), refused.code);
    for (const [client, id] of [
      [old, viaTemplate.containerGroupId],
      [today, viaRpc.containerGroupId],
    ] as const) {
      const seen: string[] = [];
      const { group, settled } = await waitUntilSettled(client, id, 'cn-hangzhou', {
        intervalMs: 20,
        onChange: (g) => seen.push(g.Status),
      });
      assert.equal(settled, true);
      assert.equal(group.Status, 'Running');
      assert.ok(seen.length >= 1 && seen.at(-1) === 'Running', seen.join(','));
      assert.ok(
        seen.slice(0, -1).every((s) => TRANSITIONAL_STATES.has(s)),
        seen.join(','),
      );
    }
  });

  it('exports a group as the template it was made from, by either way, and updates it from an edited template', async () => {
    for (const client of [old, today]) {
      const { containerGroupId: id } = await deployTemplate(
        client,
        { ...TEMPLATE, containerGroupName: 'export-test' },
        'cn-hangzhou',
      );
      await waitUntilSettled(client, id, 'cn-hangzhou', { intervalMs: 20 });
      const exported = await exportGroup(client, id, 'cn-hangzhou');
      assert.equal(exported.method, client === old ? 'template' : 'rpc');
      const spec = exported.template['spec'] as { containers: { image: string }[] };
      assert.equal(spec.containers[0]?.image, 'nginx:1.25');

      const edited = structuredClone(exported.template);
      (edited['spec'] as { containers: { image: string }[] }).containers[0]!.image = 'nginx:1.27';
      const changes = templateChanges(exported.template, edited);
      assert.deepEqual(summarizeChanges(changes), ['spec.containers[web].image: nginx:1.25 → nginx:1.27']);
      const updated = await updateFromTemplate(client, id, edited, 'cn-hangzhou');
      assert.equal(updated.method, client === old ? 'template' : 'rpc');
      const { group } = await waitUntilSettled(client, id, 'cn-hangzhou', { intervalMs: 20 });
      assert.equal(group.Containers[0]?.Image, 'nginx:1.27');
      assert.deepEqual(templateChanges((await exportGroup(client, id, 'cn-hangzhou')).template, edited), []);
    }
  });
});

describe('what an update would change', () => {
  const live = {
    containerGroupName: 'g',
    regionId: 'cn-hangzhou',
    spec: {
      restartPolicy: 'Always',
      containers: [
        { name: 'a', image: 'x:1', imagePullPolicy: 'IfNotPresent', env: [{ name: 'K', value: '1' }] },
        { name: 'b', image: 'y:1' },
      ],
    },
  };

  it('finds nothing when the file says what the group already is, placement and server defaults aside', () => {
    const file = {
      containerGroupName: 'other',
      regionId: 'cn-beijing',
      spec: {
        containers: [
          { name: 'a', image: 'x:1', imagePullPolicy: 'IfNotPresent', env: [{ name: 'K', value: '1' }] },
          { name: 'b', image: 'y:1' },
        ],
      },
    };
    assert.deepEqual(templateChanges(live, file), []);
  });

  it('names containers and variables by name, and counts a list item left out as removed', () => {
    const file = {
      spec: {
        restartPolicy: 'Never',
        containers: [
          {
            name: 'a',
            image: 'x:2',
            imagePullPolicy: 'IfNotPresent',
            env: [
              { name: 'K', value: '1' },
              { name: 'NEW', value: '2' },
            ],
          },
          { name: 'c', image: 'z:1' },
        ],
      },
    };
    assert.deepEqual(summarizeChanges(templateChanges(live, file)), [
      'spec.restartPolicy: Always → Never',
      'spec.containers[a].image: x:1 → x:2',
      'spec.containers[a].env[NEW]: added',
      'spec.containers[c]: added',
      'spec.containers[b]: removed',
    ]);
    assert.deepEqual(summarizeChanges(templateChanges(live, file), 'zh-cn').slice(2), [
      'spec.containers[a].env[NEW]：新增',
      'spec.containers[c]：新增',
      'spec.containers[b]：删除',
    ]);
  });
});

describe('secrets in exported templates', () => {
  it('masks registry passwords and secret-looking variables, and leaves the rest and the original alone', () => {
    const template = structuredClone({
      ...TEMPLATE,
      spec: {
        ...TEMPLATE.spec,
        containers: [
          {
            name: 'web',
            image: 'nginx',
            env: [
              { name: 'DB_PASSWORD', value: 'p' },
              { name: 'API_TOKEN', value: 't' },
              { name: 'MODE', value: 'a' },
            ],
          },
        ],
      },
    });
    const { template: masked, masked: count } = maskSecrets(template);
    assert.equal(count, 3);
    const spec = masked['spec'] as typeof template.spec;
    assert.equal(spec.imagePullSecrets[0]?.password, MASK);
    assert.deepEqual(
      spec.containers[0]?.env.map((e) => e.value),
      [MASK, MASK, 'a'],
    );
    assert.equal(template.spec.imagePullSecrets[0]?.password, 'hunter2');
    assert.ok(!JSON.stringify(masked).includes('hunter2'));
  });
});

describe('API errors on the template field they name', () => {
  const error = (code: string, message: string): CloudError => new CloudError({ code, message });
  it('maps container parameters, placement and the spec table to template pointers', () => {
    assert.equal(
      fieldOf(error('InvalidParameter', 'The specified parameter Container.2.Image is not valid.')),
      '/spec/containers/1/image',
    );
    assert.equal(
      fieldOf(error('InvalidParameter', 'InitContainer.1.EnvironmentVar is too long')),
      '/spec/initContainers/0/env',
    );
    assert.equal(
      fieldOf(error('InvalidParameter.CPU.Memory', 'The specified cpu and memory are not allowed')),
      '/resources',
    );
    assert.equal(
      fieldOf(error('OperationDenied.VswZoneMismatch', 'The specified VSwitchId is not in the specified Zone.')),
      '/vSwitchId',
    );
    assert.equal(fieldOf(error('InvalidParameter', 'The ContainerGroupName "X" is not valid')), '/containerGroupName');
    assert.equal(fieldOf(error('QuotaExceeded', 'container group quota exceeded.')), undefined);
  });

  it('maps the template paths the template actions name', () => {
    assert.equal(
      fieldOf(
        error('IncorrectUserTemplateFormat', "The template's spec.containers[1].ports must be a list, not a string."),
      ),
      '/spec/containers/1/ports',
    );
    assert.equal(
      fieldOf(error('MissingParameter', 'spec.initContainers[0].image is missing.')),
      '/spec/initContainers/0/image',
    );
  });
});
