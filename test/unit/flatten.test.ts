import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalQueryString, percentEncode } from '../../src/eci/encoding';
import { flattenParams } from '../../src/eci/flatten';

describe('RPC parameter flattening', () => {
  it('numbers nested lists from 1 and joins names with dots', () => {
    const flat = flattenParams({
      RegionId: 'cn-hangzhou',
      Container: [
        {
          Name: 'web',
          Image: 'nginx',
          Port: [{ Port: 80, Protocol: 'TCP' }, { Port: 443 }],
          Command: ['sh', '-c', 'echo hi'],
        },
        { Name: 'sidecar', Image: 'busybox', EnvironmentVar: [{ Key: 'IP', FieldRef: { FieldPath: 'status.podIP' } }] },
      ],
      Tag: [{ Key: 'env', Value: 'prod' }],
    });
    assert.deepEqual(flat, {
      RegionId: 'cn-hangzhou',
      'Container.1.Name': 'web',
      'Container.1.Image': 'nginx',
      'Container.1.Port.1.Port': '80',
      'Container.1.Port.1.Protocol': 'TCP',
      'Container.1.Port.2.Port': '443',
      'Container.1.Command.1': 'sh',
      'Container.1.Command.2': '-c',
      'Container.1.Command.3': 'echo hi',
      'Container.2.Name': 'sidecar',
      'Container.2.Image': 'busybox',
      'Container.2.EnvironmentVar.1.Key': 'IP',
      'Container.2.EnvironmentVar.1.FieldRef.FieldPath': 'status.podIP',
      'Tag.1.Key': 'env',
      'Tag.1.Value': 'prod',
    });
  });

  it('writes booleans and numbers as the API expects and leaves out undefined and null', () => {
    assert.deepEqual(
      flattenParams({ DryRun: true, Stdin: false, Cpu: 0.25, Memory: 2, ZoneId: undefined, Other: null }),
      {
        DryRun: 'true',
        Stdin: 'false',
        Cpu: '0.25',
        Memory: '2',
      },
    );
  });

  it('keeps empty strings and empty lists produce nothing', () => {
    assert.deepEqual(flattenParams({ Empty: '', List: [] }), { Empty: '' });
  });

  it('refuses numbers that cannot be sent', () => {
    assert.throws(() => flattenParams({ Cpu: Number.NaN }), /Cpu is not a finite number/);
  });
});

describe('percent-encoding', () => {
  it('keeps only unreserved characters literal', () => {
    assert.equal(percentEncode("a b*c~d!e'f(g)h"), 'a%20b%2Ac~d%21e%27f%28g%29h');
    assert.equal(percentEncode('容器/+=&'), '%E5%AE%B9%E5%99%A8%2F%2B%3D%26');
  });

  it('sorts keys in byte order and keeps empty values', () => {
    assert.equal(canonicalQueryString({ b: '2', a: '', B: 'x', 'a.1': 'y' }), 'B=x&a=&a.1=y&b=2');
  });
});
