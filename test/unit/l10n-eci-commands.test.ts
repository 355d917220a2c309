import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import BUNDLE from '../../l10n/bundle.l10n.zh-cn.json';

// The Chinese of the ECI commands (src/vscode/commands/eci/) as a user of Alibaba Cloud's console reads it: each
// English term of docs/l10n/glossary.md in its Chinese, and Chinese punctuation in Chinese sentences. (That every
// string has its Chinese, with the same placeholders, is scripts/check-l10n.mjs's part.)

const ROOT = join(__dirname, '..', '..');
const COMMANDS = join(ROOT, 'src', 'vscode', 'commands', 'eci');
const bundle: Record<string, string> = BUNDLE;

/** The first argument of each `l10n.t('…')` call of the folder's files. */
function l10nStrings(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
    const source = ts.createSourceFile(name, readFileSync(join(dir, name), 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && /\bl10n\.t$/.test(node.expression.getText(source))) {
        const [first] = node.arguments;
        if (first !== undefined && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first)))
          found.push(first.text);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return [...new Set(found)];
}

/**
 * English terms (a pattern on the English) and the glossary's Chinese for them. "group" alone is a container group
 * (a security group is taken out of the English first). An image's tag (镜像 Tag) is not a resource tag (标签), so
 * "tag" is not checked.
 */
const TERMS: readonly { english: RegExp; chinese: string; besides?: RegExp }[] = [
  { english: /\bdata caches?\b/i, chinese: '数据缓存' },
  { english: /\bimage caches?\b/i, chinese: '镜像缓存' },
  { english: /\bvirtual nodes?\b/i, chinese: '虚拟节点' },
  { english: /\bsecurity groups?\b/i, chinese: '安全组' },
  { english: /\bvSwitch(es)?\b/, chinese: '交换机' },
  { english: /\bzones?\b/i, chinese: '可用区' },
  { english: /\bregions?\b/i, chinese: '地域' },
  { english: /\binstance types?\b/i, chinese: '实例规格' },
  { english: /\bquotas?\b/i, chinese: '配额' },
  { english: /\bprofiles?\b/i, chinese: '配置' },
  { english: /\bevents?\b/i, chinese: '事件' },
  { english: /\bvolumes?\b/i, chinese: '数据卷' },
  { english: /\bexplorer\b/i, chinese: '资源视图' },
  { english: /\btemplates?\b/i, chinese: '模板' },
  { english: /\bimages?\b/i, chinese: '镜像' },
  { english: /\bcontainers?\b/i, chinese: '容器' },
  { english: /\bcore dumps?\b|\bcore dump collection\b/i, chinese: 'Core Dump' },
  { english: /\bnetwork captures?\b/i, chinese: '抓包' },
  { english: /\broles?\b/i, chinese: '角色' },
  { english: /\bgroups?\b/i, chinese: '容器组', besides: /\bsecurity groups?\b/gi },
];

describe('the Chinese of the ECI commands', () => {
  const strings = l10nStrings(COMMANDS);

  it('finds the strings of the commands', () => {
    // A floor, not a count: the folder's commands say some hundreds of things.
    assert.ok(strings.length > 200, `only ${strings.length} l10n.t() strings in ${COMMANDS}`);
  });

  it("uses the glossary's Chinese for the clouds' and the extension's terms", () => {
    const wrong: string[] = [];
    for (const english of strings) {
      const chinese = bundle[english];
      assert.ok(chinese !== undefined, `no Chinese for ${JSON.stringify(english)}`);
      for (const term of TERMS) {
        const text = term.besides === undefined ? english : english.replace(term.besides, '');
        if (term.english.test(text) && !chinese.includes(term.chinese))
          wrong.push(`${JSON.stringify(english)} → ${chinese}: no ${term.chinese}`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('says 地域 for a region, never 区域', () => {
    assert.deepEqual(
      strings.filter((english) => bundle[english]?.includes('区域')),
      [],
    );
  });

  it('puts Chinese punctuation in Chinese sentences', () => {
    // An ASCII comma, colon, semicolon, question mark or parenthesis next to a Han character.
    const ascii = /\p{Script=Han}[,:;?!()]|[,:;?!()]\p{Script=Han}/u;
    assert.deepEqual(
      strings.filter((english) => ascii.test(bundle[english] ?? '')).map((english) => bundle[english]),
      [],
    );
  });
});
