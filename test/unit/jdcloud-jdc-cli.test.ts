import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { say } from '../../src/core/messages/messages';
import { listJdcCliProfiles, parseJdcConfig } from '../../src/jdcloud/jdc-cli';

/** `~/.jdc/config` as `jdc configure add` writes it (Python's ConfigParser), read for Import jdc CLI Profiles. */
describe('the jdc CLI profiles (~/.jdc/config)', () => {
  const folder = (config: string, current?: string): string => {
    const dir = mkdtempSync(join(tmpdir(), 'eci-jdc-'));
    writeFileSync(join(dir, 'config'), config);
    if (current !== undefined) writeFileSync(join(dir, 'current'), current);
    return join(dir, 'config');
  };

  it('reads every profile: key, region, the current one, and an endpoint only when it is not the gateway', async () => {
    const path = folder(
      [
        '[default]',
        'access_key = JDDEFAULT0001',
        'secret_key = default-secret',
        'region_id = cn-north-1',
        'endpoint = www.jdcloud-api.com',
        'scheme = https',
        'timeout = 20',
        '',
        '; a comment, as ConfigParser allows',
        '[test]',
        'access_key: JDTEST000001',
        'secret_key: test-secret',
        'region_id: cn-east-2',
        'endpoint: gateway.internal.example:8000',
        'scheme: http',
        '',
        '[broken]',
        'access_key = JDBROKEN0001',
        'region_id = cn-south-1',
      ].join('\n'),
      'test',
    );
    const entries = await listJdcCliProfiles(path);
    assert.deepEqual(
      entries.map((e) => [e.name, e.current, e.regionId, e.endpoint, e.credentials?.accessKeyId]),
      [
        ['default', false, 'cn-north-1', undefined, 'JDDEFAULT0001'],
        ['test', true, 'cn-east-2', 'http://gateway.internal.example:8000', 'JDTEST000001'],
        ['broken', false, 'cn-south-1', undefined, undefined],
      ],
    );
    assert.equal(entries[1]?.credentials?.accessKeySecret, 'test-secret');
    assert.match(entries[2]?.problem ?? '', /"broken" has no access_key or secret_key/);
    assert.ok(!(entries[2]?.problem ?? '').includes('secret-'));
    const problemSaid = entries[2]?.problemSaid;
    assert.ok(problemSaid !== undefined);
    assert.equal(say(problemSaid, 'zh-cn'), 'jdc CLI 配置 "broken" 没有 access_key 或 secret_key。');
  });

  it('takes `default` as current when jdc has not written current, and no file as no profiles', async () => {
    const path = folder('[default]\naccess_key=JDX000000001\nsecret_key=s\n');
    const [only] = await listJdcCliProfiles(path);
    assert.deepEqual([only?.name, only?.current, only?.regionId], ['default', true, 'cn-north-1']);
    assert.deepEqual(await listJdcCliProfiles(join(tmpdir(), 'no-such-jdc-folder', 'config')), []);
  });

  it('parses keys case-insensitively and ignores lines outside a section', () => {
    const parsed = parseJdcConfig('stray = 1\n[A]\nAccess_Key = k\n# note\n');
    assert.deepEqual([...parsed.keys()], ['A']);
    assert.equal(parsed.get('A')?.get('access_key'), 'k');
  });
});
