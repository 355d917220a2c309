import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { JDCLOUD_SPEC } from '../../src/template/dialects';
import { complete, hover } from '../../src/template/language';
import { validateTemplateText } from '../../src/template/validate';

const fixture = (name: string): string => readFileSync(join(__dirname, '..', 'fixtures', 'jdcloud', name), 'utf8');

describe('Native Container spec files through the template language machinery', () => {
  it("accepts a valid spec and finds each of the seed's rules broken in the invalid one, at its place", () => {
    assert.deepEqual(validateTemplateText(fixture('web.nc.yaml'), 'yaml', JDCLOUD_SPEC), []);
    const found = validateTemplateText(fixture('invalid.nc.json'), 'json', JDCLOUD_SPEC).map(
      (d) => `${d.range.start.line + 1}:${d.code}`,
    );
    assert.deepEqual(found, [
      '8:schema-pattern',
      '10:out-of-range',
      '11:disk-size',
      '14:duplicate-mount-path',
      '14:disk-size',
      '17:fixed-ip-with-count',
      '17:too-many',
    ]);
  });

  it('says what is missing in the words of a spec, and what a file that is no spec is', () => {
    const missing = validateTemplateText(
      '{ "containerSpec": { "name": "web", "image": "nginx", "az": "cn-north-1a", "instanceType": "n.c1.medium" } }',
      'json',
      JDCLOUD_SPEC,
    );
    assert.deepEqual(
      missing.map((d) => d.message),
      ['Missing `primaryNetworkInterface` in this `containerSpec`.'],
    );
    assert.match(
      validateTemplateText('{ "containerGroupName": "x" }', 'json', JDCLOUD_SPEC)[0]?.message ?? '',
      /not a Native Container spec/,
    );
    // An ECI template stays an ECI template: its own dialect is the default.
    assert.deepEqual(
      validateTemplateText('{ "containerSpec": {} }', 'json').map((d) => d.code),
      ['not-a-template'],
    );
  });

  it("takes today's disk types beside the seed's, and asks for the security group JD Cloud requires", () => {
    const spec = (disk: string, groups: string): string =>
      `containerSpec:\n  name: web\n  image: nginx\n  az: cn-north-1a\n  instanceType: n.c1.medium\n  rootVolume:\n    category: cloud\n    cloudDiskSpec: {diskType: ${disk}, diskSizeGB: 40}\n  primaryNetworkInterface:\n    networkInterface:\n      subnetId: subnet-1\n${groups}`;
    for (const disk of ['ssd', 'hdd.std1', 'ssd.gp1', 'ssd.io1'])
      assert.deepEqual(
        validateTemplateText(spec(disk, '      securityGroups: [sg-1]\n'), 'yaml', JDCLOUD_SPEC),
        [],
        disk,
      );
    assert.deepEqual(
      validateTemplateText(spec('ssd.gp2', '      securityGroups: [sg-1]\n'), 'yaml', JDCLOUD_SPEC).map((d) => d.code),
      ['schema-enum'],
    );
    assert.deepEqual(
      validateTemplateText(spec('ssd', ''), 'yaml', JDCLOUD_SPEC).map((d) => d.message),
      ['Missing `securityGroups` in this `networkInterface`.'],
    );
  });

  it('completes keys, enum values with descriptions, JD regions and snippets, and explains fields on hover', () => {
    const keys = complete('containerSpec:\n  ', 17, {}, 'yaml', JDCLOUD_SPEC).map((i) => i.label);
    for (const key of ['instanceType', 'az', 'image', 'primaryNetworkInterface', 'elasticIp', 'minimal container'])
      assert.ok(keys.includes(key), key);
    assert.deepEqual(
      complete('regionId: ', 10, {}, 'yaml', JDCLOUD_SPEC).map((i) => i.label),
      ['cn-north-1', 'cn-east-1', 'cn-east-2', 'cn-south-1'],
    );
    const types = complete('containerSpec:\n  instanceType: ', 31, {}, 'yaml', JDCLOUD_SPEC);
    assert.equal(types.find((i) => i.label === 'n.c1.large')?.documentation, '2 vCPU, 4 GiB');
    const text = fixture('web.nc.yaml');
    const shown = hover(text, text.indexOf('bandwidthMbps') + 3, 'yaml', JDCLOUD_SPEC);
    assert.match(shown?.markdown ?? '', /\*\*bandwidthMbps\*\*[\s\S]*Limits: 1–200/);
  });
});
