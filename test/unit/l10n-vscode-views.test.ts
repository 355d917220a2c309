import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import BUNDLE from '../../l10n/bundle.l10n.zh-cn.json';

// The Chinese of what src/vscode/ says outside its commands (the explorer's rows and tooltips, the log and exec
// terminals' lines, the metrics page, the emulator's, credentials', files', ports' and the debugger's messages) as a
// user of Alibaba Cloud's console reads it: each English term of docs/l10n/glossary.md in its Chinese, and Chinese
// punctuation in Chinese sentences. (That every string has its Chinese, with the same placeholders, is
// scripts/check-l10n.mjs's part.)

const ROOT = join(__dirname, '..', '..');
const VSCODE = join(ROOT, 'src', 'vscode');
const COMMANDS = join(VSCODE, 'commands');
const bundle: Record<string, string> = BUNDLE;

/** The files of src/vscode/, but for its commands. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (path === COMMANDS) return [];
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** The first argument of each `l10n.t('…')` call of the files. */
function l10nStrings(files: readonly string[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
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
 * (a security group is taken out of the English first); "logs" is the log's, not "log views" alone.
 */
const TERMS: readonly { english: RegExp; chinese: string; besides?: RegExp }[] = [
  { english: /\bdata caches?\b/i, chinese: '数据缓存' },
  { english: /\bimage caches?\b/i, chinese: '镜像缓存' },
  { english: /\bvirtual nodes?\b/i, chinese: '虚拟节点' },
  { english: /\bsecurity groups?\b/i, chinese: '安全组' },
  { english: /\bvSwitch(es)?\b/, chinese: '交换机' },
  { english: /\bregions?\b/i, chinese: '地域' },
  { english: /\bprofiles?\b/i, chinese: '配置' },
  { english: /\bevents?\b/i, chinese: '事件' },
  { english: /\bexplorer\b/i, chinese: '资源视图' },
  { english: /\btemplates?\b/i, chinese: '模板' },
  { english: /\bimages?\b/i, chinese: '镜像' },
  { english: /\bcontainers?\b/i, chinese: '容器' },
  { english: /\broles?\b/i, chinese: '角色' },
  { english: /\btags?\b/i, chinese: '标签' },
  { english: /\blogs?\b/i, chinese: '日志' },
  { english: /\bterminals?\b/i, chinese: '终端' },
  { english: /\bmetrics\b/i, chinese: '监控指标' },
  { english: /\blocal emulator\b/i, chinese: '本地模拟器' },
  { english: /\bfilter\b/i, chinese: '筛选' },
  { english: /\bports?\b/i, chinese: '端口' },
  { english: /\battach(ing)?\b/i, chinese: '附加' },
  { english: /\bgroups?\b/i, chinese: '容器组', besides: /\bsecurity groups?\b/gi },
];

describe('the Chinese of the explorer, terminals, metrics page and messages of src/vscode/', () => {
  const files = sourceFiles(VSCODE);
  const strings = l10nStrings(files);

  it('finds the strings of the files', () => {
    // A floor, not a count: the tree, terminals, page and messages say some hundreds of things.
    assert.ok(strings.length > 150, `only ${strings.length} l10n.t() strings in ${relative(ROOT, VSCODE)}`);
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
