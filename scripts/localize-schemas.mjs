// Writes the 简体中文 twins of the templates' schemas: schemas/<name>.zh-cn.schema.json is schemas/<name>.schema.json
// with each description (title, markdownDescription, enumDescriptions) replaced by its Chinese from
// src/template/schema-descriptions.zh-cn.json, a catalog keyed by the English as l10n/bundle.l10n.zh-cn.json is (a
// changed English has no entry until it is translated anew). VS Code gives other tools the twin when its display
// language is Chinese (package.json's jsonValidation/yamlValidation urls are %keys% of package.nls*.json); our own
// hover and completion read it through src/template/schema.ts.
// `node scripts/localize-schemas.mjs` writes the twins; `--check` only says which are not current (exit 1).
// scripts/check-l10n.mjs uses the same functions to fail on a description without Chinese.
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export const SCHEMA_CATALOG = 'src/template/schema-descriptions.zh-cn.json';
export const LOCALIZED_SCHEMAS = [
  { english: 'schemas/eci-template.schema.json', chinese: 'schemas/eci-template.zh-cn.schema.json' },
  { english: 'schemas/jdcloud-spec.schema.json', chinese: 'schemas/jdcloud-spec.zh-cn.schema.json' },
];

// Keywords whose values are data, not schemas: a `title` or `description` key inside them is the data's own.
const DATA_KEYWORDS = new Set(['examples', 'default', 'const', 'enum', 'defaultSnippets']);

/** Each text a person reads in a schema, with its JSON pointer: `[pointer, english]`. */
export function schemaTexts(schema) {
  const texts = [];
  const visit = (node, pointer) => {
    if (Array.isArray(node)) return node.forEach((item, i) => visit(item, `${pointer}/${i}`));
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      const at = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (['title', 'description', 'markdownDescription'].includes(key) && typeof value === 'string')
        texts.push([at, value]);
      else if (key === 'enumDescriptions' && Array.isArray(value))
        value.forEach((text, i) => typeof text === 'string' && texts.push([`${at}/${i}`, text]));
      else if (!DATA_KEYWORDS.has(key)) visit(value, at);
    }
  };
  visit(schema, '');
  return texts;
}

/** The schema with each text in the catalog's language; a text the catalog lacks stays English. */
export function localizedSchema(schema, catalog, file) {
  const copy = JSON.parse(JSON.stringify(schema));
  for (const [pointer, english] of schemaTexts(schema)) {
    const segments = pointer
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = segments.pop();
    const parent = segments.reduce((node, segment) => node[segment], copy);
    parent[last] = catalog[english] ?? english;
  }
  if (typeof copy.$id === 'string') copy.$id = copy.$id.replace(/[^/]*$/, file.replace(/^.*\//, ''));
  return copy;
}

/** The text of a schema file as this project writes them: two-space JSON and a final newline. */
export const schemaFileText = (schema) => JSON.stringify(schema, null, 2) + '\n';

/** The twins, each with the text it should hold and whether the file holds it. */
export function localizedSchemaFiles() {
  const catalog = JSON.parse(readFileSync(SCHEMA_CATALOG, 'utf8'));
  return LOCALIZED_SCHEMAS.map(({ english, chinese }) => {
    const text = schemaFileText(localizedSchema(JSON.parse(readFileSync(english, 'utf8')), catalog, chinese));
    let current = false;
    try {
      current = readFileSync(chinese, 'utf8') === text;
    } catch {
      // Not written yet.
    }
    return { english, chinese, text, current };
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const files = localizedSchemaFiles();
  if (process.argv.includes('--check')) {
    const stale = files.filter((f) => !f.current);
    for (const f of stale) console.error(`${f.chinese} is not current: run node scripts/localize-schemas.mjs`);
    process.exit(stale.length > 0 ? 1 : 0);
  }
  for (const f of files.filter((f) => !f.current)) {
    writeFileSync(f.chinese, f.text);
    console.log(`Wrote ${f.chinese}.`);
  }
}
