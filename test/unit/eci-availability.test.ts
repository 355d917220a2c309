import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AvailableResources } from '../../src/eci/available-resources';
import { instanceTypeChoices, loadAvailableResources } from '../../src/eci/available-resources';
import type { EciClient } from '../../src/eci/client';
import * as ops from '../../src/eci/operations';
import { quotaLine } from '../../src/core/quota';
import { quotaName, usageQuotas } from '../../src/eci/usage';
import { newSizeProblem, resizableVolumes } from '../../src/eci/volume-resize';
import type { ResourceChoice } from '../../src/template/availability';
import { availabilityDiagnostics, availabilityItems, choiceEdits, choiceKind } from '../../src/template/availability';
import type { TemplateLanguage } from '../../src/template/document';
import { localized } from '../../src/template/diagnostic';
import { parseTemplateText } from '../../src/template/document';
import { complete } from '../../src/template/language';
import { EmulatorFixture } from '../helpers/emulator';

// Templates and the instance type picker against what the emulator's cn-shanghai sells (src/emulator/resources.ts):
// c6 and g6 in both zones, r6 in cn-shanghai-b only (not the region's last zone), the GPU type sold out everywhere.
const time = { now: Date.parse('2026-11-24T10:00:00Z') };
let fixture: EmulatorFixture;
let client: EciClient;
let shanghai: AvailableResources;
before(async () => {
  fixture = await EmulatorFixture.start({ speed: 1, now: () => time.now });
  client = fixture.client({ regionId: 'cn-shanghai', maxAttempts: 1, now: () => new Date(time.now) });
  shanghai = await loadAvailableResources(client, 'cn-shanghai');
});
after(() => fixture.close());

const problems = (text: string, language: TemplateLanguage) =>
  availabilityDiagnostics(parseTemplateText(text, language), (region) =>
    region === undefined || region === 'cn-shanghai' ? shanghai : undefined,
  );

describe('what a region sells (DescribeAvailableResource)', () => {
  it('lists every instance type by zone with its vCPUs and memory, and the sold-out one without a size', () => {
    assert.deepEqual(shanghai.zones, ['cn-shanghai-b', 'cn-shanghai-l']);
    const choices = instanceTypeChoices(shanghai);
    assert.deepEqual(
      choices.find((c) => c.instanceType === 'ecs.r6.large'),
      { instanceType: 'ecs.r6.large', cores: 2, memory: 16, zonesInStock: ['cn-shanghai-b'], zonesSoldOut: [] },
    );
    assert.deepEqual(
      choices.find((c) => c.instanceType === 'ecs.c6.xlarge'),
      {
        instanceType: 'ecs.c6.xlarge',
        cores: 4,
        memory: 8,
        zonesInStock: ['cn-shanghai-b', 'cn-shanghai-l'],
        zonesSoldOut: [],
      },
    );
    // 4 vCPU / 15 GiB is no combination of CPU_MEMORY_SPECS: the region is never asked for its size.
    assert.deepEqual(
      choices.find((c) => c.instanceType === 'ecs.gn6i-c4g1.xlarge'),
      {
        instanceType: 'ecs.gn6i-c4g1.xlarge',
        cores: undefined,
        memory: undefined,
        zonesInStock: [],
        zonesSoldOut: ['cn-shanghai-b', 'cn-shanghai-l'],
      },
    );
    assert.deepEqual(
      instanceTypeChoices(shanghai, 'cn-shanghai-l').map((c) => c.instanceType),
      [
        'ecs.c6.large',
        'ecs.c6.xlarge',
        'ecs.c6.2xlarge',
        'ecs.g6.large',
        'ecs.g6.xlarge',
        'ecs.g6.2xlarge',
        'ecs.gn6i-c4g1.xlarge',
      ],
    );
  });
});

describe('availability warnings in a template', () => {
  it('marks an instance type its zone does not sell, a sold-out one and an unknown one, on the value', () => {
    const yaml = (type: string, zone = 'cn-shanghai-l') =>
      `regionId: cn-shanghai\nzoneId: ${zone}\ncontainerGroupName: web\ninstanceType: ${type}\n`;
    const [notInZone, ...none] = problems(yaml('ecs.r6.large'), 'yaml');
    assert.deepEqual(none, []);
    assert.equal(notInZone?.code, 'instance-type-not-in-zone');
    assert.equal(notInZone?.severity, 'warning');
    assert.equal(notInZone?.message, 'cn-shanghai-l does not sell ecs.r6.large; cn-shanghai-b does.');
    assert.deepEqual(notInZone?.range, { start: { line: 3, character: 14 }, end: { line: 3, character: 26 } });
    assert.deepEqual(problems(yaml('ecs.r6.large', 'cn-shanghai-b'), 'yaml'), []);

    assert.deepEqual(
      problems(yaml('ecs.gn6i-c4g1.xlarge'), 'yaml').map((d) => [d.code, d.message]),
      [['instance-type-sold-out', 'ecs.gn6i-c4g1.xlarge is sold out in cn-shanghai-l.']],
    );
    assert.deepEqual(
      problems('instanceType: ecs.gn6i-c4g1.xlarge\n', 'yaml').map((d) => d.code),
      ['instance-type-sold-out'],
      'without a zone: sold out in every zone',
    );
    assert.deepEqual(
      problems(yaml('ecs.c6.lareg'), 'yaml').map((d) => d.message),
      ['cn-shanghai does not sell the instance type ecs.c6.lareg now. Did you mean ecs.c6.large?'],
    );
    // A template of a region the editor has no answer for is not judged.
    assert.deepEqual(problems('regionId: cn-beijing\ninstanceType: ecs.nope\n', 'yaml'), []);
  });

  it("marks a vCPU/memory pair whose instance types are not in the template's zone, on both values", () => {
    const json = '{\n  "zoneId": "cn-shanghai-l",\n  "resources": { "cpu": 2, "memory": 16 }\n}\n';
    const [problem, ...none] = problems(json, 'json');
    assert.deepEqual(none, []);
    assert.equal(problem?.code, 'spec-not-in-zone');
    assert.equal(problem?.message, 'cn-shanghai-l does not sell 2 vCPU / 16 GiB (ecs.r6.large); cn-shanghai-b does.');
    assert.deepEqual(problem?.range, { start: { line: 2, character: 24 }, end: { line: 2, character: 39 } });
    // Sizes no instance type has (ECI serves them without one) are for the static spec rule, not this one.
    assert.deepEqual(problems('zoneId: cn-shanghai-l\nresources:\n  cpu: 1\n  memory: 2\n', 'yaml'), []);
    assert.deepEqual(problems('zoneId: cn-shanghai-b\nresources:\n  cpu: 2\n  memory: 16\n', 'yaml'), []);
  });

  it('says them in 简体中文 when asked, the codes and ranges as in English', () => {
    const yaml = 'regionId: cn-shanghai\nzoneId: cn-shanghai-l\ninstanceType: ecs.c6.lareg, ecs.r6.large\n';
    const english = problems(yaml, 'yaml');
    const chinese = localized(english, 'zh-cn');
    assert.deepEqual(
      chinese.map((d) => d.message),
      [
        'cn-shanghai 当前不售卖实例规格 ecs.c6.lareg。是否要写 ecs.c6.large？',
        'cn-shanghai-l 不售卖 ecs.r6.large；cn-shanghai-b 有售。',
      ],
    );
    assert.deepEqual(
      chinese.map((d) => [d.code, d.range]),
      english.map((d) => [d.code, d.range]),
    );
    const sizes = localized(
      problems('{"zoneId": "cn-shanghai-l", "resources": {"cpu": 2, "memory": 16}}', 'json'),
      'zh-cn',
    );
    assert.deepEqual(
      sizes.map((d) => d.message),
      ['cn-shanghai-l 不售卖 2 vCPU / 16 GiB（ecs.r6.large）；cn-shanghai-b 有售。'],
    );
  });
});

describe('availability completion', () => {
  it('offers the instance types, vCPUs and memory sizes in stock in the template zone', () => {
    const template = { zoneId: 'cn-shanghai-l', resources: { cpu: 2 } };
    const types = availabilityItems('/instanceType', template, shanghai, false);
    assert.deepEqual(
      types.map((i) => i.label),
      ['ecs.c6.large', 'ecs.c6.xlarge', 'ecs.c6.2xlarge', 'ecs.g6.large', 'ecs.g6.xlarge', 'ecs.g6.2xlarge'],
    );
    assert.equal(types[0]?.detail, '2 vCPU · 4 GiB · sold in cn-shanghai-l');
    assert.deepEqual(
      availabilityItems('/resources/cpu', template, shanghai, false).map((i) => i.label),
      ['2', '4', '8'],
    );
    assert.deepEqual(
      availabilityItems('/resources/memory', template, shanghai, false).map((i) => [i.label, i.detail]),
      [
        ['4', 'GiB with 2 vCPU (ecs.c6.large) in cn-shanghai-l'],
        ['8', 'GiB with 2 vCPU (ecs.g6.large) in cn-shanghai-l'],
      ],
    );
    assert.deepEqual(
      availabilityItems('/resources/memory', { resources: { cpu: 2 } }, shanghai, false).map((i) => i.label),
      ['4', '8', '16'],
      'without a zone, every zone of the region',
    );
  });

  it('details them in 简体中文 when asked', () => {
    const template = { zoneId: 'cn-shanghai-l', resources: { cpu: 2 } };
    assert.equal(
      availabilityItems('/instanceType', template, shanghai, false, 'zh-cn')[0]?.detail,
      '2 vCPU · 4 GiB · 在售可用区：cn-shanghai-l',
    );
    assert.deepEqual(
      availabilityItems('/resources/memory', template, shanghai, false, 'zh-cn').map((i) => i.detail),
      ['GiB，搭配 2 vCPU（ecs.c6.large，cn-shanghai-l）', 'GiB，搭配 2 vCPU（ecs.g6.large，cn-shanghai-l）'],
    );
    assert.match(
      availabilityItems('/resources/cpu', template, shanghai, false, 'zh-cn')[0]?.detail ?? '',
      /^vCPU，可搭配 4 GiB、8 GiB（cn-shanghai-l）$/,
    );
  });

  it('reaches the editor through complete(), quoted in JSON', () => {
    const text = '{\n  "regionId": "cn-shanghai",\n  "instanceType": ""\n}';
    const offset = text.indexOf('""') + 1;
    const items = complete(text, offset, { availableResources: shanghai }, 'json');
    assert.ok(items.some((i) => i.label === 'ecs.r6.large' && i.insertText === '"ecs.r6.large"'));
    assert.ok(!items.some((i) => i.label === 'ecs.gn6i-c4g1.xlarge'), 'a sold-out type is not offered');
    assert.deepEqual(
      complete(text, offset, {}, 'json').filter((i) => i.label.startsWith('ecs.')),
      [],
      'no answer: only what the schema offers',
    );
  });
});

describe('setting the picked instance type or size in a template', () => {
  const apply = (text: string, language: TemplateLanguage, choice: ResourceChoice): unknown => {
    let result = text;
    for (const edit of [...choiceEdits(text, language, choice)].sort((a, b) => b.start - a.start))
      result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
    const file = parseTemplateText(result, language);
    assert.deepEqual(
      file.documents.flatMap((d) => d.diagnostics),
      [],
      result,
    );
    return file.documents[0]?.value;
  };

  it('replaces or adds instanceType, in YAML and JSON', () => {
    assert.deepEqual(
      apply('containerGroupName: web\ninstanceType: ecs.c6.large\n', 'yaml', { instanceType: 'ecs.g6.large' }),
      {
        containerGroupName: 'web',
        instanceType: 'ecs.g6.large',
      },
    );
    assert.deepEqual(apply('containerGroupName: web\nspec: {}\n', 'yaml', { instanceType: 'ecs.g6.large' }), {
      instanceType: 'ecs.g6.large',
      containerGroupName: 'web',
      spec: {},
    });
    assert.deepEqual(apply('{\n  "containerGroupName": "web"\n}\n', 'json', { instanceType: 'ecs.g6.large' }), {
      instanceType: 'ecs.g6.large',
      containerGroupName: 'web',
    });
    assert.deepEqual(apply('{}', 'json', { instanceType: 'ecs.g6.large' }), { instanceType: 'ecs.g6.large' });
  });

  it('replaces the vCPUs and memory of resources, or writes resources whole', () => {
    const yaml = 'containerGroupName: web\nresources:\n  cpu: 1\n  memory: 2\n';
    assert.equal(choiceKind(parseTemplateText(yaml, 'yaml')), 'resources');
    assert.deepEqual(apply(yaml, 'yaml', { cpu: 2, memory: 8 }), {
      containerGroupName: 'web',
      resources: { cpu: 2, memory: 8 },
    });
    assert.deepEqual(apply('containerGroupName: web\nresources:\n  cpu: 1\n', 'yaml', { cpu: 2, memory: 8 }), {
      containerGroupName: 'web',
      resources: { cpu: 2, memory: 8 },
    });
    assert.deepEqual(apply('{ "containerGroupName": "web" }', 'json', { cpu: 4, memory: 16 }), {
      resources: { cpu: 4, memory: 16 },
      containerGroupName: 'web',
    });
    assert.equal(choiceKind(parseTemplateText('containerGroupName: web\n', 'yaml')), 'instanceType');
    assert.throws(() => choiceEdits('- a\n', 'yaml', { instanceType: 'x' }), /no template object/);
  });
});

describe('quotas (ListUsage)', () => {
  it('pairs each used amount with its limit', async () => {
    await ops.createContainerGroup(client, {
      ContainerGroupName: 'quota-web',
      SecurityGroupId: 'sg-test',
      VSwitchId: 'vsw-cn-shanghai-b-test',
      Cpu: 2,
      Memory: 4,
      Container: [{ Name: 'web', Image: 'nginx:1.27-alpine' }],
    });
    const quotas = usageQuotas(await ops.listUsage(client));
    assert.deepEqual(
      quotas.map((q) => q.resource),
      ['Cpu', 'ImageCacheCount', 'AutoImageCacheCount', 'DataCacheCount', 'ContainerGroupCount'],
    );
    assert.deepEqual(
      quotas.find((q) => q.resource === 'Cpu'),
      { resource: 'Cpu', used: 2, limit: quotas.find((q) => q.resource === 'Cpu')?.limit },
    );
    assert.equal(quotas.find((q) => q.resource === 'ContainerGroupCount')?.used, 1);
    assert.deepEqual(quotas.map((q) => quotaLine(quotaName(q.resource), q.used, q.limit)).slice(2, 4), [
      'automatic image caches: 0 of 0 used (none allowed)',
      'data caches: 0 of 50 used',
    ]);
    assert.equal(quotaLine('containers', 20, 20), 'containers: 20 of 20 used (full)');
    assert.equal(quotaName('SomeNewCount'), 'some new count');
    // In 简体中文: the cloud's own nouns, the counts and the notes in Chinese.
    assert.equal(quotaLine(quotaName('ImageCacheCount', 'zh-cn'), 3, 50, 'zh-cn'), '镜像缓存：已用 3，共 50');
    assert.equal(
      quotaLine(quotaName('ContainerGroupCount', 'zh-cn'), 20, 20, 'zh-cn'),
      '容器组：已用 20，共 20（已满）',
    );
    assert.equal(quotaLine('vCPU', 0, 0, 'zh-cn'), 'vCPU：已用 0，共 0（不允许）');
  });
});

describe('volumes that can be resized', () => {
  it("finds a group's cloud disks with their size, and holds a new size to what the API takes", async () => {
    const { ContainerGroupId: id } = await ops.createContainerGroup(client, {
      ContainerGroupName: 'resize-volumes',
      SecurityGroupId: 'sg-test',
      VSwitchId: 'vsw-cn-shanghai-b-test',
      Container: [{ Name: 'web', Image: 'nginx:1.27-alpine' }],
      Volume: [
        {
          Name: 'data',
          Type: 'FlexVolume',
          FlexVolume: { Driver: 'alicloud/disk', FsType: 'ext4', Options: '{"volumeSize":"50"}' },
        },
        { Name: 'disk', Type: 'DiskVolume', DiskVolume: { DiskId: 'd-test', FsType: 'ext4' } },
        { Name: 'scratch', Type: 'EmptyDirVolume', EmptyDirVolume: {} },
      ],
    });
    const group = async () => {
      const { ContainerGroups } = await ops.describeContainerGroups(client, { ContainerGroupIds: [id] });
      assert.ok(ContainerGroups[0]);
      return ContainerGroups[0];
    };
    assert.deepEqual(resizableVolumes(await group()), [
      { name: 'data', type: 'FlexVolume', sizeGiB: 50 },
      { name: 'disk', type: 'DiskVolume', sizeGiB: undefined },
    ]);
    time.now += 5000;
    await ops.resizeContainerGroupVolume(client, { ContainerGroupId: id, VolumeName: 'data', NewSize: 80 });
    const [data, disk] = resizableVolumes(await group());
    assert.deepEqual(data, { name: 'data', type: 'FlexVolume', sizeGiB: 80 }, 'the size of its last resize');
    assert.ok(data && disk);
    assert.equal(newSizeProblem(data, '80'), 'Larger than the 80 GiB it has: disks only grow');
    assert.equal(newSizeProblem(data, '81'), undefined);
    assert.equal(newSizeProblem(data, '1.5'), 'A whole number of GiB');
    assert.equal(newSizeProblem(data, '40000'), 'At most 32768 GiB (32 TiB)');
    assert.equal(newSizeProblem(disk, '10'), 'At least 20 GiB');
    // What the checks let through, the emulator takes.
    await ops.resizeContainerGroupVolume(client, { ContainerGroupId: id, VolumeName: 'data', NewSize: 81 });
  });
});
