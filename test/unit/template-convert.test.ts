import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { EciClient } from '../../src/eci/client';
import { flattenParams } from '../../src/eci/flatten';
import * as ops from '../../src/eci/operations';
import { exportedToTemplate, groupToTemplate, templateToRpcParams } from '../../src/template/convert';
import { parseTemplateText } from '../../src/template/document';
import { EmulatorFixture, eventually } from '../helpers/emulator';

type Json = Record<string, unknown>;
const FIXTURES = join(__dirname, '..', 'fixtures', 'templates');

/** The valid fixtures as plain values, with the network settings a deploy asks for when a template leaves them out. */
function templates(): [string, Json][] {
  return ['valid-full.eci.json', 'valid-web.eci.yaml', 'valid-anchors.eci.yaml'].map((name) => {
    const value = parseTemplateText(readFileSync(join(FIXTURES, name), 'utf8')).documents[0]?.value as Json;
    const { $schema: _schema, ...template } = value;
    return [name, { securityGroupId: 'sg-roundtrip', vSwitchId: 'vsw-cn-hangzhou-h-roundtrip', ...template }];
  });
}

/**
 * The server-added defaults, listed: what a template may leave out and the API fills in. They are copied from the
 * answer into the original before comparing; everything else must come back exactly as written.
 *   regionId, zoneId, resources (group)      placement and the spec the group was rounded up to
 *   spec.restartPolicy                       Always
 *   containers[].imagePullPolicy             IfNotPresent
 *   containers[].ports[].protocol            TCP
 * Booleans written as false (readOnly, stdin, stdinOnce, tty) are the defaults and come back absent.
 */
function withServerDefaults(original: Json, answer: Json): Json {
  const copy = JSON.parse(JSON.stringify(original)) as Json;
  for (const key of ['regionId', 'zoneId', 'resources'])
    if (copy[key] === undefined && answer[key] !== undefined) copy[key] = answer[key];
  const spec = copy['spec'] as Json;
  const answerSpec = answer['spec'] as Json;
  spec['restartPolicy'] ??= answerSpec['restartPolicy'];
  for (const list of ['containers', 'initContainers']) {
    for (const container of (spec[list] as Json[] | undefined) ?? []) {
      container['imagePullPolicy'] ??= 'IfNotPresent';
      for (const port of (container['ports'] as Json[] | undefined) ?? []) port['protocol'] ??= 'TCP';
      for (const key of ['stdin', 'stdinOnce', 'tty']) if (container[key] === false) delete container[key];
      for (const mount of (container['volumeMounts'] as Json[] | undefined) ?? [])
        if (mount['readOnly'] === false) delete mount['readOnly'];
    }
  }
  for (const volume of (spec['volumes'] as Json[] | undefined) ?? []) {
    const nfs = volume['nfs'] as Json | undefined;
    if (nfs?.['readOnly'] === false) delete nfs['readOnly'];
  }
  return copy;
}

let fixture: EmulatorFixture;
let client: EciClient;
before(async () => {
  fixture = await EmulatorFixture.start();
  client = fixture.client();
});
after(() => fixture.close());

async function running(id: string) {
  return eventually(async () => {
    const group = (await ops.describeContainerGroups(client, { ContainerGroupIds: [id] })).ContainerGroups[0];
    return group?.Status === 'Running' ? group : undefined;
  });
}

describe('template conversion, round-tripped through the emulator', () => {
  for (const [name, template] of templates()) {
    it(`${name}: template → CreateContainerGroup parameters → emulator → describe → template`, async () => {
      const params = templateToRpcParams(template);
      const created = await client.callRaw('CreateContainerGroup', params, { mutating: true });
      const id = String(created['ContainerGroupId']);
      const back = groupToTemplate(await running(id));
      assert.deepEqual(back, withServerDefaults(template, back));
    });

    it(`${name}: template → CreateContainerGroupFromTemplate → ExportContainerGroupTemplate → template`, async () => {
      const { ContainerGroupId: id } = await ops.createContainerGroupFromTemplate(client, {
        ...template,
        containerGroupName: `${String(template['containerGroupName'])}-t`,
      });
      await running(id);
      const back = exportedToTemplate((await ops.exportContainerGroupTemplate(client, id)).Template);
      const expected = withServerDefaults(
        { ...template, containerGroupName: `${String(template['containerGroupName'])}-t` },
        back,
      );
      // ExportContainerGroupTemplate's documented answer has EmptyDir{SizeLimit} only: `medium` is lost on export
      // (DescribeContainerGroups keeps it, see the test above).
      for (const volume of ((expected['spec'] as Json)['volumes'] as Json[] | undefined) ?? [])
        delete (volume['emptyDir'] as Json | undefined)?.['medium'];
      assert.deepEqual(back, expected);
    });
  }

  it('flattens a template into the RPC names of CreateContainerGroup (all 194 listed in the reference)', () => {
    const [, full] = templates()[0] ?? ['', {}];
    const flat = flattenParams(templateToRpcParams(full));
    const reference = join(__dirname, '..', 'fixtures', 'reference', 'createcontainergroup-params.txt');
    const names = readFileSync(reference, 'utf8');
    const known = new Set(
      names
        .split('\n')
        .map((line) => line.split(' : ')[0]?.trim())
        .filter((n): n is string => n !== undefined && n !== ''),
    );
    for (const key of Object.keys(flat)) {
      const generic = key.replace(/\.\d+(?=\.|$)/g, '.N');
      assert.ok(known.has(generic), `${key} (${generic}) is not a CreateContainerGroup parameter`);
    }
    assert.equal(flat['Container.1.EnvironmentVar.1.FieldRef.FieldPath'], 'status.podIP');
    assert.equal(
      flat['Volume.2.ConfigFileVolume.ConfigFileToPath.1.Content'],
      Buffer.from('level=debug').toString('base64'),
    );
    // The image cache fields, which the 2020 template action never had, go out under their RPC names.
    const cached = flattenParams(
      templateToRpcParams({ ...full, imageSnapshotId: 'imc-abc123', autoMatchImageCache: false }),
    );
    assert.equal(cached['ImageSnapshotId'], 'imc-abc123');
    assert.equal(cached['AutoMatchImageCache'], 'false');
    for (const key of ['ImageSnapshotId', 'AutoMatchImageCache']) assert.ok(known.has(key), key);
  });
});
