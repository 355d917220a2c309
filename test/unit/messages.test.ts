import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import EN from '../../src/core/messages/en.json';
import ZH_CN from '../../src/core/messages/zh-cn.json';
import { joinSentences, localeOf, localeOfEnvironment, message, say } from '../../src/core/messages/messages';
import { JDCLOUD_SPEC } from '../../src/template/dialects';
import { validateTemplateText } from '../../src/template/validate';
import { doneMessages } from '../../src/jdcloud/operations';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const MANY = 'test/fixtures/templates/invalid-many.eci.yaml';
const HAN = /\p{Script=Han}/u;
/** The environment of a shell in one language: nothing else decides it. */
const shellIn = (lang: string) => ({ ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: lang });
const validate = (args: string[], env: NodeJS.ProcessEnv) =>
  spawnSync(process.execPath, [CLI, 'validate', ...args], { cwd: ROOT, encoding: 'utf8', env });

describe('the core message catalog', () => {
  it('reads the display language of VS Code, a browser and a POSIX shell', () => {
    for (const tag of ['zh-cn', 'zh-CN', 'zh_CN.UTF-8', 'zh_CN.GB18030', 'zh', 'zh-Hans', 'zh-SG', 'zh_CN@pinyin'])
      assert.equal(localeOf(tag), 'zh-cn', tag);
    for (const tag of [
      'en',
      'en-US',
      'en_US.UTF-8',
      'C.UTF-8',
      'C',
      'POSIX',
      'zh-TW',
      'zh_HK.UTF-8',
      'zh-Hant',
      'ja',
      '',
    ])
      assert.equal(localeOf(tag), 'en', tag);
    assert.equal(localeOf(undefined), 'en');
    assert.equal(localeOfEnvironment({ LANG: 'zh_CN.UTF-8' }), 'zh-cn');
    assert.equal(localeOfEnvironment({ LC_ALL: 'C', LANG: 'zh_CN.UTF-8' }), 'en');
    assert.equal(localeOfEnvironment({ LC_ALL: '', LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' }), 'zh-cn');
    assert.equal(localeOfEnvironment({}), 'en');
  });

  it('has every English message in Chinese, with the same places', () => {
    const places = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    assert.deepEqual(Object.keys(ZH_CN).sort(), Object.keys(EN).sort());
    for (const [id, english] of Object.entries(EN)) {
      const chinese = (ZH_CN as Record<string, string>)[id] ?? '';
      assert.deepEqual(places(chinese), places(english), id);
    }
  });

  it('says a message with messages in its places, each in the language asked, and plurals only in English', () => {
    const missing = message('template.missingInThis', {
      property: 'image',
      what: message('noun.container'),
    });
    assert.equal(say(missing), 'Missing `image` in this container.');
    assert.equal(say(missing, 'zh-cn'), '此容器中缺少 `image`。');
    const tooMany = message('template.tooMany', {
      limit: 20,
      things: message('noun.port', undefined, true),
      count: 21,
    });
    assert.equal(say(tooMany), 'At most 20 ports are allowed; there are 21.');
    assert.equal(say(tooMany, 'zh-cn'), '最多允许 20 个端口；当前有 21 个。');
  });
});

describe('sentences said one after another', () => {
  it('takes a space after an English sentence and none after a Chinese one, and leaves out empty ones', () => {
    assert.equal(joinSentences('Deleted.', 'Try again.'), 'Deleted. Try again.');
    assert.equal(joinSentences('已删除。', '请重试。'), '已删除。请重试。');
    assert.equal(joinSentences('有 2 个问题；', '第 3 行：缺少 image'), '有 2 个问题；第 3 行：缺少 image');
    assert.equal(
      joinSentences('The API said so.', '提示：请重试。', '（请求 ID：R-1）'),
      'The API said so. 提示：请重试。（请求 ID：R-1）',
    );
    assert.equal(joinSentences('', 'Alone.', ''), 'Alone.');
  });
});

describe('template diagnostics in 简体中文', () => {
  const text = readFileSync(join(ROOT, MANY), 'utf8');
  const english = validateTemplateText(text, 'yaml');
  const chinese = validateTemplateText(text, 'yaml', undefined, 'zh-cn');

  it('are the same problems at the same places, with the same codes', () => {
    const where = (d: (typeof english)[number]) => [d.code, d.severity, d.path, d.range];
    assert.deepEqual(chinese.map(where), english.map(where));
  });

  it("say them in the clouds' own terms", () => {
    const said = (code: string) => chinese.find((d) => d.code === code)?.message;
    assert.equal(said('schema-enum'), '此处不允许 "Alwayz"；请使用 Always, OnFailure, Never。是否要写 Always？');
    assert.equal(said('number-as-string'), '"80" 是字符串；请去掉引号，直接写数字 80。');
    assert.equal(said('out-of-range'), '70000 超出范围：1–65535。');
    assert.equal(said('unknown-volume'), 'spec.volumes 中没有名为 "dta" 的数据卷。是否要写 "data"？');
    assert.equal(said('unknown-property'), '`imagee` 不是容器的属性。是否要写 `image`？');
    assert.equal(said('unsupported-spec'), '2 vCPU 的规格只提供 1, 2, 4, 8, 16 GiB 内存，不提供 3 GiB。');
    assert.equal(said('duplicate-container-name'), '已有另一个容器名为 "web"：同一容器组中的容器名称必须唯一。');
    // What the catalog says is Chinese; what it does not yet (a probe's handlers) stays the English it was.
    const catalogued = chinese.filter((d) => d.code !== 'probe-handlers');
    for (const d of catalogued) assert.match(d.message, HAN, `${d.code}: ${d.message}`);
    assert.equal(said('probe-handlers'), english.find((d) => d.code === 'probe-handlers')?.message);
  });

  it("says what a file is not in its dialect's words", () => {
    assert.deepEqual(
      validateTemplateText('name: web\n', 'yaml', undefined, 'zh-cn').map((d) => d.message),
      ['这不是弹性容器实例 ECI 的容器组模板：模板是一个包含 containerGroupName、spec 等键的对象。'],
    );
    assert.deepEqual(
      validateTemplateText('name: web\n', 'yaml', JDCLOUD_SPEC, 'zh-cn').map((d) => d.message),
      ['这不是原生容器的规格文件：规格文件是一个包含 containerSpec（以及可选的 regionId 和 maxCount）的对象。'],
    );
  });
});

describe('eci validate --lang and LANG', () => {
  it('says the same Chinese as the editor with --lang zh-cn, whatever the shell speaks', () => {
    const result = validate([MANY, '--lang', 'zh-cn'], shellIn('C.UTF-8'));
    assert.equal(result.status, 1);
    const expected = validateTemplateText(readFileSync(join(ROOT, MANY), 'utf8'), 'yaml', undefined, 'zh-cn');
    const lines = result.stdout.trimEnd().split('\n');
    assert.equal(lines.length, expected.length);
    for (const [i, d] of expected.entries())
      assert.ok(lines[i]?.endsWith(` ${d.severity} ${d.code} ${d.message}`), `${lines[i]}\n${d.message}`);
    assert.equal(result.stderr, '已检查 1 个文件：10 个错误，1 个警告\n');
  });

  it("follows the shell's LANG without --lang, and --lang en over it", () => {
    const chinese = validate([MANY], shellIn('zh_CN.UTF-8'));
    assert.equal(chinese.status, 1);
    assert.match(chinese.stdout, /error schema-enum 此处不允许 "Alwayz"/);
    assert.equal(chinese.stderr, '已检查 1 个文件：10 个错误，1 个警告\n');
    const english = validate([MANY, '--lang', 'en'], shellIn('zh_CN.UTF-8'));
    assert.match(english.stdout, /error schema-enum "Alwayz" is not allowed here; use Always, OnFailure, Never\./);
    assert.equal(english.stderr, '1 file checked: 10 errors, 1 warning\n');
  });

  it('refuses a language it does not speak, naming those it does', () => {
    const result = validate([MANY, '--lang', 'fr'], shellIn('C.UTF-8'));
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--lang takes en or zh-cn\./);
  });
});

describe("JD Cloud's done messages", () => {
  it('say what an operation did in English, and in 简体中文 when asked', () => {
    assert.equal(
      doneMessages.rebuilt('web', 'nginx:1.27'),
      'web was rebuilt with nginx:1.27. It is stopped: start it to run the new image.',
    );
    assert.equal(
      doneMessages.rebuilt('web', 'nginx:1.27', 'zh-cn'),
      '已用 nginx:1.27 重建 web。它处于停止状态：启动它即可运行新镜像。',
    );
    assert.equal(doneMessages.associated('web', '1.2.3.4', 'zh-cn'), '弹性公网IP 1.2.3.4 已绑定到 web。');
    assert.equal(doneMessages.secretDeleted('pull', 'cn-north-1'), 'Registry secret pull was deleted from cn-north-1.');
  });
});
