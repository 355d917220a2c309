import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseWorkloadFilter } from '../../src/explorer/workload-filter';
import type { Workload } from '../../src/providers/provider';

const workload = (name: string, status: string, tags: Record<string, string> = {}, id = `eci-${name}`): Workload => ({
  id,
  name,
  status,
  containers: [name],
  running: status.toLowerCase() === 'running',
  isContainer: false,
  tags,
});

describe("the explorer's filter", () => {
  const all = [
    workload('web-1', 'Running', { env: 'prod', team: 'shop' }),
    workload('web-2', 'Failed', { env: 'dev' }),
    workload('batch', 'Succeeded'),
    workload('api', 'running', {}, 'c-abc123'),
  ];
  const names = (text: string): string[] => {
    const filter = parseWorkloadFilter(text);
    assert.ok(filter !== undefined);
    return all.filter((w) => filter.matches(w)).map((w) => w.name);
  };

  it('keeps what has every word in its name or ID, any case', () => {
    assert.deepEqual(names('WEB'), ['web-1', 'web-2']);
    assert.deepEqual(names('web 2'), ['web-2']);
    assert.deepEqual(names('abc123'), ['api']);
  });

  it('narrows by status of either provider (ECI says Running, JD Cloud running) and by tag, with or without value', () => {
    assert.deepEqual(names('status:running'), ['web-1', 'api']);
    assert.deepEqual(names('tag:env'), ['web-1', 'web-2']);
    assert.deepEqual(names('tag:env=prod'), ['web-1']);
    assert.deepEqual(names('web tag:env=dev status:failed'), ['web-2']);
    assert.deepEqual(names('tag:env=prod=x'), []);
  });

  it('says nothing for an empty text, and keeps the text tidied for the view', () => {
    assert.equal(parseWorkloadFilter('   '), undefined);
    assert.equal(parseWorkloadFilter('  web   status:running ')?.text, 'web status:running');
  });
});
