import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import BUNDLE from '../../l10n/bundle.l10n.zh-cn.json';

// The Chinese of src/vscode/ as a user of Alibaba Cloud's console reads it: each English term of
// docs/l10n/glossary.md in its Chinese, 地域 and never 区域, and Chinese punctuation in Chinese sentences. (That
// every string has its Chinese, with the same placeholders, is scripts/check-l10n.mjs's part.)

const ROOT = join(__dirname, '..', '..');
const VSCODE = join(ROOT, 'src', 'vscode');
const COMMANDS = join(VSCODE, 'commands');
const ECI_COMMANDS = join(COMMANDS, 'eci');
const bundle: Record<string, string> = BUNDLE;

/** The .ts files under `dir`, but for those under `except`. */
function sourceFiles(dir: string, except?: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (path === except) return [];
    return statSync(path).isDirectory() ? sourceFiles(path, except) : path.endsWith('.ts') ? [path] : [];
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
 * (a security group is taken out of the English first). An image's tag (镜像 Tag) is not a resource tag (标签), so
 * "tag" is not checked.
 */
const ECI_COMMAND_TERMS: readonly { english: RegExp; chinese: string; besides?: RegExp }[] = [
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

/**
 * English terms (a pattern on the English) and the glossary's Chinese for them. "group" alone is a container group
 * (a security group is taken out of the English first); "logs" is the log's, not "log views" alone.
 */
const VSCODE_TERMS: readonly { english: RegExp; chinese: string; besides?: RegExp }[] = [
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

type Term = (typeof VSCODE_TERMS)[number];
const SCOPES: readonly { name: string; files: string[]; floor: number; terms: readonly Term[] }[] = [
  // Some hundreds of things said by each (a floor, not a count).
  { name: 'the ECI commands', files: sourceFiles(ECI_COMMANDS), floor: 200, terms: ECI_COMMAND_TERMS },
  {
    name: 'the explorer, terminals, metrics page and messages (src/vscode/ outside its commands)',
    files: sourceFiles(VSCODE, COMMANDS),
    floor: 150,
    terms: VSCODE_TERMS,
  },
];

for (const scope of SCOPES) {
  describe(`the Chinese of ${scope.name}`, () => {
    const strings = l10nStrings(scope.files);

    it('finds the strings of the files', () => {
      assert.ok(strings.length > scope.floor, `only ${strings.length} l10n.t() strings in ${scope.name}`);
    });

    it("uses the glossary's Chinese for the clouds' and the extension's terms", () => {
      const wrong: string[] = [];
      for (const english of strings) {
        const chinese = bundle[english];
        assert.ok(chinese !== undefined, `no Chinese for ${JSON.stringify(english)}`);
        for (const term of scope.terms) {
          const text = term.besides === undefined ? english : english.replace(term.besides, '');
          if (term.english.test(text) && !chinese.includes(term.chinese))
            wrong.push(`${JSON.stringify(english)} → ${chinese}: no ${term.chinese}`);
        }
      }
      assert.deepEqual(wrong, []);
    });
  });
}

describe('the Chinese of all of src/vscode/', () => {
  const strings = l10nStrings(sourceFiles(VSCODE));

  it(`finds the strings of ${relative(ROOT, VSCODE)}`, () => {
    assert.ok(strings.length > 500, `only ${strings.length} l10n.t() strings`);
  });

  it('says 地域 for a region, never 区域', () => {
    assert.deepEqual(
      strings.filter((english) => bundle[english]?.includes('区域')),
      [],
    );
  });

  it('puts Chinese punctuation in Chinese sentences', () => {
    // An ASCII comma, colon, semicolon, question mark or parenthesis next to a Han character; but for a command's
    // title, which VS Code writes "Category: Title" in every language ("京东云: 添加配置").
    const ascii = /\p{Script=Han}[,:;?!()]|[,:;?!()]\p{Script=Han}/u;
    const titles = /京东云: /g;
    assert.deepEqual(
      strings
        .filter((english) => ascii.test((bundle[english] ?? '').replace(titles, '')))
        .map((english) => bundle[english]),
      [],
    );
  });
});
