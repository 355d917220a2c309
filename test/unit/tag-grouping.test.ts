import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { groupByTag, tagKeys, tagsMarkdown, tagText } from '../../src/explorer/tag-grouping';
import type { Workload } from '../../src/providers/provider';

const workload = (name: string, tags: Record<string, string> = {}): Workload => ({
  id: `eci-${name}`,
  name,
  status: 'Running',
  containers: [name],
  running: true,
  isContainer: false,
  tags,
});

describe('grouping the explorer by a tag', () => {
  const all = [
    workload('web-1', { env: 'prod', team: 'shop' }),
    workload('batch', {}),
    workload('web-2', { env: 'dev' }),
    workload('web-3', { env: 'prod' }),
    workload('flag', { env: '' }),
  ];

  it("puts workloads in one folder per value, in the values' order, keeping their own order, and the untagged last", () => {
    const buckets = groupByTag(all, (w) => w, 'env').map((b) => [b.value, b.items.map((w) => w.name)]);
    assert.deepEqual(buckets, [
      ['', ['flag']],
      ['dev', ['web-2']],
      ['prod', ['web-1', 'web-3']],
      [undefined, ['batch']],
    ]);
  });

  it('has no folder for the untagged when every workload has the tag, and one folder only when no workload has it', () => {
    assert.deepEqual(
      groupByTag(all.slice(0, 1), (w) => w, 'env').map((b) => b.value),
      ['prod'],
    );
    assert.deepEqual(
      groupByTag(all, (w) => w, 'owner').map((b) => [b.value, b.items.length]),
      [[undefined, 5]],
    );
  });

  it('offers the keys the workloads carry, most used first, then by name', () => {
    assert.deepEqual(tagKeys(all), [
      { key: 'env', count: 4 },
      { key: 'team', count: 1 },
    ]);
    assert.deepEqual(tagKeys([]), []);
  });

  it('writes a tag as key=value, or its key alone, and a backtick in one cannot end its code early', () => {
    assert.equal(tagText('env', 'prod'), 'env=prod');
    assert.equal(tagText('flag', ''), 'flag');
    assert.equal(tagText('flag', undefined), 'flag');
    assert.equal(
      tagsMarkdown([
        ['env', 'prod'],
        ['note', 'a`b'],
      ]),
      "`env=prod` `note=a'b`",
    );
  });
});
