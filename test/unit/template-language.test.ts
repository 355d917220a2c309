import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { complete, hover } from '../../src/template/language';

/** The text with `|` removed, and the offset where it stood: positions are written where they are. */
function cursor(text: string): [string, number] {
  const offset = text.indexOf('|');
  assert.ok(offset >= 0, 'the text has no | for the cursor');
  return [text.slice(0, offset) + text.slice(offset + 1), offset];
}
const labels = (text: string) => {
  const [clean, offset] = cursor(text);
  return complete(clean, offset).map((item) => item.label);
};

describe('completion', () => {
  it('offers the keys of a container that are not there yet, on a new YAML line', () => {
    const found = labels(
      'containerGroupName: web\nspec:\n  containers:\n    - name: app\n      image: nginx\n      |\n',
    );
    assert.ok(found.includes('imagePullPolicy') && found.includes('readinessProbe') && found.includes('ports'));
    assert.ok(!found.includes('name') && !found.includes('image'), 'keys already present are not offered');
    assert.ok(!found.includes('regionId'), 'top-level keys do not belong in a container');
  });

  it('offers top-level keys at the top level, with the group snippet', () => {
    const found = labels('containerGroupName: web\n|');
    assert.ok(found.includes('regionId') && found.includes('spec') && found.includes('container group'));
    assert.ok(!found.includes('containerGroupName'));
  });

  it('offers enum values with their descriptions after a colon', () => {
    const [text, offset] = cursor('containerGroupName: web\nspec:\n  restartPolicy: |\n  containers: []\n');
    const items = complete(text, offset);
    assert.deepEqual(
      items.map((i) => i.label),
      ['Always', 'OnFailure', 'Never'],
    );
    assert.equal(items[2]?.documentation, 'Never restart; the group ends Succeeded or Failed.');
  });

  it('offers region IDs for regionId, and the ones given by the caller when signed in', () => {
    const [text, offset] = cursor('regionId: |\n');
    assert.ok(complete(text, offset).some((i) => i.label === 'cn-hangzhou'));
    assert.deepEqual(
      complete(text, offset, { regions: ['cn-emulated-1'] }).map((i) => i.label),
      ['cn-emulated-1'],
    );
  });

  it('offers the image caches it is given for imageSnapshotId, with their name and status', () => {
    const [text, offset] = cursor('regionId: cn-hangzhou\nimageSnapshotId: |\n');
    assert.deepEqual(
      complete(text, offset).filter((i) => i.detail?.startsWith('image cache') === true),
      [],
    );
    const items = complete(text, offset, { imageCaches: [{ id: 'imc-abc123', name: 'base-images', status: 'Ready' }] });
    assert.deepEqual(
      items.map((i) => [i.label, i.detail]),
      [['imc-abc123', 'image cache base-images (Ready)']],
    );
  });

  it('works the same in JSON: quoted values and keys', () => {
    const [text, offset] = cursor(
      '{\n  "containerGroupName": "web",\n  "spec": { "containers": [ { "name": "a", "imagePullPolicy": "|" } ] }\n}',
    );
    assert.deepEqual(
      complete(text, offset).map((i) => i.insertText),
      ['"Always"', '"IfNotPresent"', '"Never"'],
    );
    const [keysText, keysOffset] = cursor(
      '{\n  "containerGroupName": "web",\n  "spec": { "containers": [ { "name": "a", | } ] }\n}',
    );
    const keys = complete(keysText, keysOffset);
    assert.ok(keys.some((i) => i.label === 'image' && i.insertText === '"image": $1'));
  });

  it('offers snippets for a probe and a volume of each kind', () => {
    const probe = labels(
      'containerGroupName: web\nspec:\n  containers:\n    - name: a\n      image: nginx\n      livenessProbe:\n        |\n',
    );
    assert.ok(
      ['liveness: HTTP GET', 'liveness: TCP socket', 'liveness: exec command'].every((s) => probe.includes(s)),
      probe.join(','),
    );
    const volume = labels('containerGroupName: web\nspec:\n  containers: []\n  volumes:\n    - |\n');
    assert.ok(
      ['volume: NFS', 'volume: emptyDir', 'volume: configFile'].every((s) => volume.includes(s)),
      volume.join(','),
    );
  });
});

describe('hover', () => {
  it('shows the description, type, limits and an example of a key', () => {
    const [text, offset] = cursor(
      'containerGroupName: web\nspec:\n  containers:\n    - name: a\n      image: nginx\n      ports:\n        - contai|nerPort: 80\n',
    );
    const result = hover(text, offset);
    assert.ok(result);
    assert.match(result.markdown, /^\*\*containerPort\*\* — `number \| integer`|^\*\*containerPort\*\* — `integer`/);
    assert.match(result.markdown, /Limits: 1–65535\./);
    assert.match(result.markdown, /Example: `80`/);
    assert.deepEqual(result.range, { start: { line: 6, character: 10 }, end: { line: 6, character: 23 } });
  });

  it('lists the allowed values of an enum with what each means', () => {
    const [text, offset] = cursor('containerGroupName: web\nspec:\n  restartPolicy: Nev|er\n  containers: []\n');
    const result = hover(text, offset);
    assert.ok(result?.markdown.includes('* `OnFailure`: Restart containers that exit with a non-zero code.'));
  });

  it('has nothing to say outside the schema', () => {
    const [text, offset] = cursor('containerGroupName: web\nunknownThing: x|\n');
    assert.equal(hover(text, offset), undefined);
  });
});
