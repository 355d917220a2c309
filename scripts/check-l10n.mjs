// Keeps the 简体中文 translation whole (docs/l10n/glossary.md has its terms). Fails, saying what to fix, when
// * a key of package.nls.json (the manifest) or of src/core/messages/en.json (the core's messages) has no Chinese
//   text in its zh-cn file, or the zh-cn file has a key the English one does not;
// * a key's English changed after its translation was made: l10n/translated-from.json records, per key, the English
//   and the Chinese of the last translation; a changed English with the same Chinese is a translation left behind;
// * a `l10n.t('…')` string of src/vscode/ has no entry in l10n/bundle.l10n.zh-cn.json (the English is the key, so a
//   changed English is a missing entry), or is not a plain string literal, or the bundle has an entry no code uses;
// * a string literal of src/vscode/ that reads as English words (a capital then a small letter, or two words) is not
//   in l10n.t(): it is shown untranslated. Logger calls are the log's own English. A literal that is not for people
//   (an API's error code, a status the API sends) says so with a `// l10n-ignore: why` comment on its line or the
//   line above; a file of such literals with `// l10n-ignore-file: why`. `--prose` lists only these.
// `node scripts/check-l10n.mjs --record` records the translations whose Chinese changed since the record (run it
// after updating the Chinese of a changed English string); a key whose Chinese did not change stays reported.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const RECORD_FILE = 'l10n/translated-from.json';
const BUNDLE_FILE = 'l10n/bundle.l10n.zh-cn.json';
const CATALOGS = [
  { name: 'manifest', english: 'package.nls.json', chinese: 'package.nls.zh-cn.json' },
  { name: 'core', english: 'src/core/messages/en.json', chinese: 'src/core/messages/zh-cn.json' },
];

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const record = existsSync(RECORD_FILE) ? readJson(RECORD_FILE) : {};
const recording = process.argv.includes('--record');
const problems = [];
let checked = 0;

for (const catalog of CATALOGS.filter((c) => existsSync(c.english))) {
  const english = readJson(catalog.english);
  const chinese = existsSync(catalog.chinese) ? readJson(catalog.chinese) : {};
  const recorded = (record[catalog.name] ??= {});
  for (const [key, en] of Object.entries(english)) {
    checked++;
    const zh = chinese[key];
    if (typeof zh !== 'string' || zh.trim() === '') {
      problems.push(`${catalog.chinese}: no Chinese for "${key}" (${JSON.stringify(en)})`);
      continue;
    }
    const places = (text) => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort().join();
    if (places(zh) !== places(en))
      problems.push(`${catalog.chinese}: "${key}" has other {placeholders} than its English (${places(en)})`);
    const last = recorded[key];
    if (last?.en === en && last.zh === zh) continue;
    if (recording && (last === undefined || last.zh !== zh)) {
      recorded[key] = { en, zh };
      continue;
    }
    problems.push(
      last === undefined
        ? `${catalog.chinese}: "${key}" has no record of the English it translates (run with --record)`
        : last.zh === zh
          ? `${catalog.english}: the English of "${key}" changed after its translation ` +
            `(was ${JSON.stringify(last.en)}, now ${JSON.stringify(en)}): update ${catalog.chinese}, then --record`
          : `${catalog.chinese}: "${key}" was translated anew; run with --record`,
    );
  }
  for (const key of Object.keys(chinese))
    if (!(key in english)) problems.push(`${catalog.chinese}: "${key}" is not in ${catalog.english}`);
  for (const key of Object.keys(recorded)) if (!(key in english)) delete recorded[key];
}

// Run-time strings: vscode.l10n.t('English', ...args) in src/vscode/.
const sourceFiles = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
const bundle = existsSync(BUNDLE_FILE) ? readJson(BUNDLE_FILE) : {};
const used = new Set();
for (const file of sourceFiles('src/vscode')) {
  const text = readFileSync(file, 'utf8');
  for (const call of text.matchAll(/\bl10n\.t\(\s*/g)) {
    const at = call.index + call[0].length;
    const line = text.slice(0, at).split('\n').length;
    const literal = /^(?:'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|`((?:[^`\\$]|\\.)*)`)/.exec(text.slice(at));
    if (literal === null) {
      problems.push(`${relative('.', file)}:${line}: l10n.t() takes a string literal, so that it can be checked`);
      continue;
    }
    // The string's value, as the bundle keys it: the literal's escapes read as JavaScript reads them.
    const raw = literal[1] ?? literal[2] ?? literal[3];
    const message = JSON.parse(`"${raw.replace(/\\'/g, "'").replace(/\\`/g, '`').replace(/"/g, '\\"')}"`);
    used.add(message);
    checked++;
    const zh = bundle[message];
    if (typeof zh !== 'string' || zh.trim() === '')
      problems.push(`${relative('.', file)}:${line}: no Chinese in ${BUNDLE_FILE} for ${JSON.stringify(message)}`);
    else {
      const placeholders = (s) => [...s.matchAll(/\{(\d+)\}/g)].map((m) => m[1]).sort();
      if (placeholders(zh).join() !== placeholders(message).join())
        problems.push(`${BUNDLE_FILE}: the Chinese of ${JSON.stringify(message)} has other {n} placeholders`);
    }
  }
}
// English prose outside l10n.t() in src/vscode/.
const LOGGER_CALL = /(^|\.)(log|logger)\.(trace|debug|info|warn|error|show|append|appendLine)$/;
const prose = (text) => /^[A-Z][a-z]/.test(text) || /[A-Za-z]{2,}\s+[A-Za-z]{2,}/.test(text);
const proseProblems = [];
for (const file of sourceFiles('src/vscode')) {
  const text = readFileSync(file, 'utf8');
  if (/\/\/ l10n-ignore-file: \S/.test(text)) continue;
  const lines = text.split('\n');
  const ignored = (line) =>
    [lines[line], lines[line - 1]].some((l) => l !== undefined && /\/\/ l10n-ignore: \S/.test(l));
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const visit = (node) => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression.getText(source);
      if (/\bl10n\.t$/.test(callee) || LOGGER_CALL.test(callee)) return;
    }
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node) || ts.isTypeNode(node)) return;
    let literal;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) literal = node.text;
    else if (ts.isTemplateExpression(node))
      literal = node.head.text + node.templateSpans.map((span) => '${…}' + span.literal.text).join('');
    if (literal === undefined) return ts.forEachChild(node, visit);
    const parent = node.parent;
    const compared =
      ts.isCaseClause(parent) ||
      ts.isElementAccessExpression(parent) ||
      (ts.isPropertyAssignment(parent) && parent.name === node) ||
      (ts.isBinaryExpression(parent) && /^[!=]==?$/.test(parent.operatorToken.getText(source)));
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
    if (!compared && prose(literal) && !ignored(line))
      proseProblems.push(`${relative('.', file)}:${line + 1}: ${JSON.stringify(literal)} is not in l10n.t()`);
    if (ts.isTemplateExpression(node)) ts.forEachChild(node, visit);
  };
  visit(source);
}
if (process.argv.includes('--prose')) {
  console.log(proseProblems.join('\n'));
  console.log(`${proseProblems.length} English literals of src/vscode/ outside l10n.t().`);
  process.exit(proseProblems.length > 0 ? 1 : 0);
}
problems.push(...proseProblems);

for (const key of Object.keys(bundle))
  if (!used.has(key)) problems.push(`${BUNDLE_FILE}: ${JSON.stringify(key)} is not an l10n.t() string of src/vscode/`);

// The templates' schemas (scripts/localize-schemas.mjs): each description has its Chinese in the catalog, keyed by
// the English (so a changed English is a missing entry), with the same `code` spans; the catalog has no entry no
// schema uses; and schemas/*.zh-cn.schema.json are made from the current English and catalog.
{
  const { SCHEMA_CATALOG, LOCALIZED_SCHEMAS, schemaTexts, localizedSchemaFiles } =
    await import('./localize-schemas.mjs');
  const catalog = existsSync(SCHEMA_CATALOG) ? readJson(SCHEMA_CATALOG) : {};
  const codeSpans = (text) =>
    [...text.matchAll(/`[^`]*`/g)]
      .map((m) => m[0])
      .sort()
      .join(' ');
  const described = new Set();
  for (const { english } of LOCALIZED_SCHEMAS) {
    for (const [pointer, en] of schemaTexts(readJson(english))) {
      checked++;
      described.add(en);
      const zh = catalog[en];
      if (typeof zh !== 'string' || zh.trim() === '')
        problems.push(`${SCHEMA_CATALOG}: no Chinese for ${english}#${pointer} (${JSON.stringify(en)})`);
      else if (codeSpans(zh) !== codeSpans(en))
        problems.push(`${SCHEMA_CATALOG}: the Chinese of ${JSON.stringify(en)} has other \`code\` spans`);
    }
  }
  for (const en of Object.keys(catalog))
    if (!described.has(en)) problems.push(`${SCHEMA_CATALOG}: ${JSON.stringify(en)} is not a description of a schema`);
  for (const file of localizedSchemaFiles().filter((f) => !f.current))
    problems.push(`${file.chinese} is not current: run node scripts/localize-schemas.mjs`);
}

if (recording) writeFileSync(RECORD_FILE, JSON.stringify(record, null, 2) + '\n');
if (problems.length > 0) {
  console.error(`Localization check failed:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`Localization check: ${checked} strings, each with its 简体中文 text.`);
