import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const module = (path: string): string => JSON.stringify(pathToFileURL(join(ROOT, path)).href);

/**
 * Run in a Node of its own with V8's `%HasFastProperties` (a flag no test runner should have): a group decoded from
 * DescribeContainerGroups, from the emulator over HTTP. TypeScript modules loaded from code given on the command line
 * come as CommonJS: their exports under `default`.
 */
const CHECK = `
const load = async (url) => { const loaded = await import(url); return loaded.default ?? loaded; };
const { Emulator, DEMO_KEY } = await load(${module('src/emulator/server.ts')});
const { EciClient } = await load(${module('src/eci/client.ts')});
const { createContainerGroup, describeContainerGroups } = await load(${module('src/eci/operations.ts')});
const fast = new Function('o', 'return %HasFastProperties(o)');
const emulator = await Emulator.start({ speed: 1000 });
const client = new EciClient({ credentials: { ...DEMO_KEY, source: 'test' }, regionId: 'cn-hangzhou', endpoint: emulator.url });
await createContainerGroup(client, { ContainerGroupName: 'shape', SecurityGroupId: 'sg-shape', VSwitchId: 'vsw-cn-hangzhou-h-shape', Container: [{ Name: 'app', Image: 'nginx:1.27' }] });
const { ContainerGroups: [group] } = await describeContainerGroups(client, {});
console.log(JSON.stringify({ fields: Object.keys(group).length, group: fast(group), container: fast(group.Containers[0]) }));
await client.close();
await emulator.close();
`;

describe('decoded records', () => {
  it('are objects of fixed fields, not hash tables (10,000 groups held by the explorer: 30 MB apart)', () => {
    const result = spawnSync(
      process.execPath,
      ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', CHECK],
      { cwd: ROOT, encoding: 'utf8' },
    );
    assert.equal(result.status, 0, result.stderr);
    const shape = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
    assert.ok(Number(shape['fields']) > 30, `a group of ${String(shape['fields'])} fields`);
    assert.deepEqual({ group: shape['group'], container: shape['container'] }, { group: true, container: true });
  });
});
