import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { JDCLOUD_SPEC } from '../../src/template/dialects';
import { complete, hover } from '../../src/template/language';
import { validateTemplateText } from '../../src/template/validate';
import CATALOG from '../../src/template/schema-descriptions.zh-cn.json';

const ROOT = join(__dirname, '..', '..');
const HAN = /\p{Script=Han}/u;
const readSchema = (file: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(ROOT, 'schemas', file), 'utf8')) as Record<string, unknown>;

/** The text with `|` removed, and the offset where it stood. */
function cursor(text: string): [string, number] {
  const offset = text.indexOf('|');
  assert.ok(offset >= 0, 'the text has no | for the cursor');
  return [text.slice(0, offset) + text.slice(offset + 1), offset];
}

const PORT =
  'containerGroupName: web\nspec:\n  containers:\n    - name: a\n      ports:\n        - contai|nerPort: 80\n';
const RESTART = 'containerGroupName: web\nspec:\n  restartPolicy: |\n  containers: []\n';

describe('the templates’ schemas in 简体中文', () => {
  it('are written from the current English schemas and catalog (scripts/localize-schemas.mjs)', () => {
    const check = spawnSync(process.execPath, ['scripts/localize-schemas.mjs', '--check'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    assert.equal(check.status, 0, check.stderr);
  });

  it('differ from the English in their descriptions only, each of which is in Chinese', () => {
    // Both with their texts taken out are the same, but for the file's own $id.
    const texts: string[] = [];
    const withoutTexts = (schema: Record<string, unknown>): unknown =>
      JSON.parse(
        JSON.stringify({ ...schema, $id: undefined }, function (this: unknown, key, value: unknown) {
          const text = typeof value === 'string' && /^(title|markdownDescription|description)$/.test(key);
          const described = key === 'enumDescriptions' && Array.isArray(value);
          if (text) texts.push(value);
          if (described) texts.push(...(value as string[]));
          return text ? '' : described ? [] : value;
        }),
      ) as unknown;
    for (const name of ['eci-template', 'jdcloud-spec']) {
      const chinese = readSchema(`${name}.zh-cn.schema.json`);
      assert.equal(chinese['$id'], `https://eci-tools.invalid/schemas/${name}.zh-cn.schema.json`);
      assert.deepEqual(withoutTexts(chinese), withoutTexts(readSchema(`${name}.schema.json`)));
    }
    const chineseTexts = new Set(Object.values(CATALOG));
    assert.ok(texts.filter((t) => chineseTexts.has(t)).length >= 390, 'the Chinese texts are the catalog’s');
  });
});

describe('hover and completion in 简体中文', () => {
  it('hover says the description, limits, example and values of a key in Chinese', () => {
    const [text, offset] = cursor(PORT);
    const zh = hover(text, offset, undefined, undefined, 'zh-cn');
    assert.ok(zh);
    assert.match(zh.markdown, /^\*\*containerPort\*\* — `/);
    assert.match(zh.markdown, /端口，1–65535。/);
    assert.match(zh.markdown, /限制：1–65535。/);
    assert.match(zh.markdown, /示例：`80`/);
    assert.doesNotMatch(zh.markdown, /Limits|Example|The port/);
    assert.deepEqual(zh.range, hover(text, offset)?.range);

    const [enumText, enumOffset] = cursor(
      'containerGroupName: web\nspec:\n  restartPolicy: Nev|er\n  containers: []\n',
    );
    const values = hover(enumText, enumOffset, undefined, undefined, 'zh-cn');
    assert.ok(values?.markdown.includes('* `OnFailure`: 容器以非零退出码退出时重启。'), values?.markdown);
  });

  it('hover says a list and its limit in Chinese', () => {
    const [text, offset] = cursor(
      'containerGroupName: web\nspec:\n  containers:\n    - name: a\n      comm|and: [sh]\n',
    );
    const zh = hover(text, offset, undefined, undefined, 'zh-cn');
    assert.ok(zh);
    assert.match(zh.markdown, /^\*\*command\*\* — `列表`/);
    assert.match(zh.markdown, /限制：最多 20 项。/);
    const en = hover(text, offset);
    assert.match(en?.markdown ?? '', /^\*\*command\*\* — `list`/);
    assert.match(en?.markdown ?? '', /Limits: at most 20 items\./);
  });

  it('hover stays English in English', () => {
    const [text, offset] = cursor(PORT);
    const en = hover(text, offset, undefined, undefined, 'en');
    assert.equal(en?.markdown, hover(text, offset)?.markdown);
    assert.match(en?.markdown ?? '', /The port, 1–65535\.[\s\S]*Limits: 1–65535\.[\s\S]*Example: `80`/);
    assert.doesNotMatch(en?.markdown ?? '', HAN);
  });

  it('completion gives values, keys and snippets their Chinese documentation and details', () => {
    const [text, offset] = cursor(RESTART);
    const values = complete(text, offset, {}, undefined, undefined, 'zh-cn');
    assert.deepEqual(
      values.map((i) => i.label),
      ['Always', 'OnFailure', 'Never'],
    );
    assert.equal(values[2]?.documentation, '从不重启；容器组以 Succeeded 或 Failed 结束。');

    const [keysText, keysOffset] = cursor('containerGroupName: web\n|');
    const keys = complete(keysText, keysOffset, {}, undefined, undefined, 'zh-cn');
    const tags = keys.find((i) => i.label === 'tags');
    assert.deepEqual([tags?.detail, tags?.documentation], ['列表', '标签：最多 20 个。']);
    const snippet = keys.find((i) => i.kind === 'snippet');
    assert.equal(snippet?.label, 'container group', 'a snippet is found by its English label, as typed');
    assert.equal(snippet?.detail, '代码片段');

    const [regionText, regionOffset] = cursor('regionId: |\n');
    const regions = complete(regionText, regionOffset, { regions: ['cn-emulated-1'] }, undefined, undefined, 'zh-cn');
    assert.deepEqual(
      regions.map((i) => [i.label, i.detail]),
      [['cn-emulated-1', '地域']],
    );
    const [cacheText, cacheOffset] = cursor('imageSnapshotId: |\n');
    const caches = complete(
      cacheText,
      cacheOffset,
      { imageCaches: [{ id: 'imc-abc123', name: 'base-images', status: 'Ready' }] },
      undefined,
      undefined,
      'zh-cn',
    );
    assert.deepEqual(
      caches.map((i) => i.detail),
      ['镜像缓存 base-images（Ready）'],
    );
  });

  it('completion stays English in English', () => {
    const [text, offset] = cursor(RESTART);
    assert.deepEqual(complete(text, offset, {}, undefined, undefined, 'en'), complete(text, offset));
    assert.equal(complete(text, offset)[2]?.documentation, 'Never restart; the group ends Succeeded or Failed.');
    const [keysText, keysOffset] = cursor('containerGroupName: web\n|');
    const keys = complete(keysText, keysOffset);
    assert.equal(keys.find((i) => i.label === 'tags')?.detail, 'list');
    assert.equal(keys.find((i) => i.kind === 'snippet')?.detail, 'snippet');
  });

  it('JD Cloud spec files are described in Chinese too', () => {
    const [text, offset] = cursor('containerSpec:\n  instanceType: |\n');
    const zh = complete(text, offset, {}, 'yaml', JDCLOUD_SPEC, 'zh-cn');
    assert.equal(zh.find((i) => i.label === 'n.c1.medium')?.documentation, '1 vCPU，2 GiB');
    assert.equal(
      complete(text, offset, {}, 'yaml', JDCLOUD_SPEC).find((i) => i.label === 'n.c1.medium')?.documentation,
      '1 vCPU, 2 GiB',
    );

    const [hoverText, hoverOffset] = cursor(
      'regionId: cn-north-1\ncontainerSpec:\n  instanceType: n.c1.medium\n  a|z: cn-north-1a\n',
    );
    const described = hover(hoverText, hoverOffset, 'yaml', JDCLOUD_SPEC, 'zh-cn');
    assert.match(described?.markdown ?? '', /可用区，须在规格文件的地域内：`cn-north-1a` 等。/);
  });
});

describe('validation in 简体中文', () => {
  it('says a value that does not fit with the field’s description in the diagnostics’ language', () => {
    const text =
      'containerGroupName: web\nsecurityGroupId: bad\nspec:\n  containers:\n    - name: a\n      image: nginx\n';
    assert.deepEqual(
      validateTemplateText(text, 'yaml').map((d) => d.message),
      [
        '"bad" is not a valid `securityGroupId`. The security group, `sg-…`. Groups in one security group can reach each other.',
      ],
    );
    assert.deepEqual(
      validateTemplateText(text, 'yaml', undefined, 'zh-cn').map((d) => d.message),
      ['"bad" 不是有效的`securityGroupId`。安全组，`sg-…`。同一安全组内的容器组可以互相访问。'],
    );
  });
});
