import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EciClient } from '../../src/eci/client';
import {
  createContainerGroup,
  createImageCache,
  deleteContainerGroup,
  deleteImageCache,
  describeContainerGroupEvents,
  describeContainerGroups,
  describeImageCaches,
} from '../../src/eci/operations';
import { DEMO_KEY } from '../../src/emulator/server';
import type { RegionQuotas } from '../../src/vscode/commands/eci/show-quota';
import { exactly, ScriptedPrompter } from './scripted-prompter';
import { untilRunning } from './running-group';
import { until } from './until';
import { open, run } from './workbench';

/**
 * Today's ECI operations in a real VS Code against the local emulator: what a region sells in templates
 * (DescribeAvailableResource: warnings, completion, Choose Instance Type…), Show Quota (ListUsage), Resize Volume…
 * (ResizeContainerGroupVolume) and Update Image Cache… (UpdateImageCache). The emulator's cn-shanghai sells the
 * memory-optimized ecs.r6 types in cn-shanghai-b only (src/emulator/resources.ts).
 */
const AVAILABILITY = 'eci (availability)';

const availabilityWarnings = (document: vscode.TextDocument): vscode.Diagnostic[] =>
  vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === AVAILABILITY);

describe("today's ECI in VS Code: what a region sells, quotas, volumes and image caches", function () {
  this.timeout(90_000);
  let client: EciClient;

  before(async () => {
    const url = await run<string>('eci.useLocalEmulator');
    await run('eci.selectProfile', 'local-emulator');
    client = new EciClient({ credentials: { ...DEMO_KEY, source: 'test' }, regionId: 'cn-hangzhou', endpoint: url });
  });
  after(async () => client.close());

  it("warns on an instance type the template's zone does not sell, on its value, until the zone sells it", async () => {
    const document = await open(
      'availability.eci.yaml',
      'regionId: cn-shanghai\nzoneId: cn-shanghai-l\ncontainerGroupName: web\ninstanceType: ecs.r6.large\n',
    );
    const [warning, ...others] = await until(() => {
      const found = availabilityWarnings(document);
      return found.length > 0 ? found : undefined;
    }, 'the availability warning');
    assert.deepEqual(others, []);
    assert.equal(warning?.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(warning?.code, 'instance-type-not-in-zone');
    assert.equal(warning?.message, 'cn-shanghai-l does not sell ecs.r6.large; cn-shanghai-b does.');
    assert.deepEqual(
      [warning?.range.start.line, warning?.range.start.character, warning?.range.end.character],
      [3, 14, 26],
    );
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((edit) => edit.replace(new vscode.Range(1, 8, 1, 21), 'cn-shanghai-b'));
    await until(
      () => (availabilityWarnings(document).length === 0 ? true : undefined),
      'the warning to go once the zone sells the type',
    );
  });

  it('completes the instance types and memory sizes the zone has in stock', async () => {
    const document = await open(
      'availability-complete.eci.yaml',
      'regionId: cn-shanghai\nzoneId: cn-shanghai-l\ninstanceType: \nresources:\n  cpu: 2\n  memory: \n',
    );
    const labels = async (line: number, character: number): Promise<Map<string, string | undefined>> => {
      const list = await run<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        document.uri,
        new vscode.Position(line, character),
      );
      return new Map(
        list.items.map((item) => [typeof item.label === 'string' ? item.label : item.label.label, item.detail]),
      );
    };
    const types = await labels(2, 14);
    assert.equal(types.get('ecs.c6.large'), '2 vCPU · 4 GiB · sold in cn-shanghai-l');
    assert.ok(!types.has('ecs.r6.large'), 'not sold in cn-shanghai-l');
    assert.ok(!types.has('ecs.gn6i-c4g1.xlarge'), 'sold out');
    const memories = await labels(5, 10);
    assert.equal(memories.get('4'), 'GiB with 2 vCPU (ecs.c6.large) in cn-shanghai-l');
    assert.equal(memories.get('8'), 'GiB with 2 vCPU (ecs.g6.large) in cn-shanghai-l');
    assert.ok(!memories.has('16'), 'the 2 vCPU / 16 GiB type is not sold in cn-shanghai-l');
  });

  it("Choose Instance Type sets the picked type, or the picked type's size in a template sized by resources", async () => {
    const yaml = await open(
      'choose.eci.yaml',
      'regionId: cn-shanghai\nzoneId: cn-shanghai-l\ncontainerGroupName: web\n',
    );
    const prompts = new ScriptedPrompter().expectPick(
      'ecs.g6.large',
      /^Instance types cn-shanghai-l sells .*instanceType$/,
    );
    assert.deepEqual(await prompts.answering(() => run('eci.chooseInstanceType')), { instanceType: 'ecs.g6.large' });
    assert.equal(
      yaml.getText(),
      'instanceType: ecs.g6.large\nregionId: cn-shanghai\nzoneId: cn-shanghai-l\ncontainerGroupName: web\n',
    );
    const offered = prompts.asked[0]?.kind === 'pick' ? prompts.asked[0].labels : [];
    assert.ok(offered.includes('ecs.c6.large') && !offered.includes('ecs.r6.large'), offered.join(', '));

    const json = await open(
      'choose-size.eci.json',
      '{\n  "regionId": "cn-shanghai",\n  "containerGroupName": "web",\n  "resources": { "cpu": 1, "memory": 2 }\n}\n',
    );
    const sized = new ScriptedPrompter().expectPick('ecs.r6.large', /resources\.cpu and resources\.memory$/);
    assert.deepEqual(await sized.answering(() => run('eci.chooseInstanceType', json.uri)), { cpu: 2, memory: 16 });
    assert.equal(
      json.getText(),
      '{\n  "regionId": "cn-shanghai",\n  "containerGroupName": "web",\n  "resources": { "cpu": 2, "memory": 16 }\n}\n',
    );
  });

  it('Show Quota reads each quota, used of its limit, in every region of the profile', async () => {
    const result = await run<RegionQuotas[] | undefined>('eci.showQuota', 'local-emulator');
    assert.ok(result);
    assert.deepEqual(
      result.map((r) => r.regionId),
      ['cn-hangzhou', 'cn-shanghai', 'cn-beijing', 'ap-southeast-1', 'eu-central-1'],
    );
    const hangzhou = result.find((r) => r.regionId === 'cn-hangzhou');
    const groups = (await describeContainerGroups(client, { Limit: 20 })).TotalCount;
    assert.equal(hangzhou?.quotas.find((q) => q.resource === 'ContainerGroupCount')?.used, groups);
    const shown = vscode.window.activeTextEditor?.document;
    assert.equal(shown?.languageId, 'markdown');
    const text = shown?.getText() ?? '';
    assert.match(text, /^# ECI quotas of Local emulator\n\n## cn-hangzhou\n\n\* vCPUs: [\d.]+ of \d+ used\n/);
    // A quota of nothing (the emulator makes no automatic image caches) is not "full".
    assert.match(text, /^\* automatic image caches: 0 of 0 used \(none allowed\)$/m);
  });

  it('Resize Volume grows a disk of a running group to the size asked, then asks from the new size', async () => {
    const { ContainerGroupId: id } = await createContainerGroup(client, {
      ContainerGroupName: 'resize-in-vscode',
      SecurityGroupId: 'sg-cn-hangzhou-demo',
      VSwitchId: 'vsw-cn-hangzhou-h-demo',
      Container: [{ Name: 'web', Image: 'nginx:1.27-alpine' }],
      Volume: [
        {
          Name: 'data',
          Type: 'FlexVolume',
          FlexVolume: { Driver: 'alicloud/disk', FsType: 'ext4', Options: '{"volumeSize":"50"}' },
        },
        { Name: 'scratch', Type: 'EmptyDirVolume', EmptyDirVolume: {} },
      ],
    });
    await untilRunning(client, id, 'the group');
    const prompts = new ScriptedPrompter().expectInput(
      '80',
      exactly(`Resize data of resize-in-vscode (${id}) (50 GiB)`),
    );
    assert.deepEqual(await prompts.answering(() => run('eci.resizeVolume', { containerGroupId: id })), {
      containerGroupId: id,
      volumeName: 'data',
      newSizeGiB: 80,
    });
    const { Data } = await describeContainerGroupEvents(client, { ContainerGroupIds: [id] });
    assert.ok(Data[0]?.Events.some((e) => e.Message === 'Resized volume data from 50 GiB to 80 GiB'));
    const again = new ScriptedPrompter().expectInput(undefined, /\(80 GiB\)$/);
    assert.equal(await again.answering(() => run('eci.resizeVolume', { containerGroupId: id })), undefined);
    // Gone again, so that the tests after this one find the region as the demo data made it.
    await deleteContainerGroup(client, id);
  });

  it('Update Image Cache keeps a cache for the days asked, and rebuilds it with new images once confirmed', async () => {
    const { ImageCacheId: id } = await createImageCache(client, {
      ImageCacheName: 'update-in-vscode',
      Image: ['nginx:1.27-alpine'],
      SecurityGroupId: 'sg-cn-hangzhou-demo',
      VSwitchId: 'vsw-cn-hangzhou-h-demo',
    });
    const cache = async () => (await describeImageCaches(client, { ImageCacheId: id })).ImageCaches[0];
    await until(async () => ((await cache())?.Status === 'Ready' ? true : undefined), 'the cache to be ready', 40_000);
    assert.equal((await cache())?.ExpireDateTime, '');

    const keep = new ScriptedPrompter()
      .expectInput('nginx:1.27-alpine', /images$/)
      .expectInput('3', /days to keep it/)
      .expectInput('team=web, cost-center=42', /tags$/);
    assert.deepEqual(await keep.answering(() => run('eci.updateImageCache', { imageCacheId: id })), {
      imageCacheId: id,
      retentionDays: 3,
      tags: ['team=web', 'cost-center=42'],
    });
    assert.notEqual((await cache())?.ExpireDateTime, '');
    assert.deepEqual((await cache())?.Tags, [
      { Key: 'team', Value: 'web' },
      { Key: 'cost-center', Value: '42' },
    ]);
    // DescribeImageCaches finds it by a tag.
    assert.deepEqual(
      (await describeImageCaches(client, { Tag: [{ Key: 'team', Value: 'web' }] })).ImageCaches.map(
        (c) => c.ImageCacheId,
      ),
      [id],
    );
    assert.equal((await cache())?.Status, 'Ready', 'the same images: nothing rebuilt');

    const rebuild = new ScriptedPrompter()
      .expectInput('nginx:1.27-alpine, redis:7', /images$/)
      .expectInput('', /days to keep it/)
      .expectInput('team=web, cost-center=42', /tags$/)
      .expectConfirm(
        exactly(`Rebuild the image cache update-in-vscode (${id}) with nginx:1.27-alpine, redis:7?`),
        true,
      );
    assert.deepEqual(await rebuild.answering(() => run('eci.updateImageCache', { imageCacheId: id })), {
      imageCacheId: id,
      images: ['nginx:1.27-alpine', 'redis:7'],
    });
    const rebuilt = await cache();
    assert.deepEqual(rebuilt?.Images, ['nginx:1.27-alpine', 'redis:7']);
    assert.notEqual(rebuilt?.Status, 'Ready');
    // Being made again, it cannot be updated: said before anything is asked.
    assert.equal(
      await new ScriptedPrompter().answering(() => run('eci.updateImageCache', { imageCacheId: id })),
      undefined,
    );
    // Gone again once it may be deleted (past Preparing), so that the region has the demo data's one cache (the
    // image cache completion's test counts them).
    await until(async () => ((await cache())?.Status !== 'Preparing' ? true : undefined), 'the cache past Preparing');
    await deleteImageCache(client, id);
    assert.equal(await cache(), undefined);
  });
});
