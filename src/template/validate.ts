import type * as AjvModule from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { lazyModule } from '../lazy-module';
import type { ParsedDocument, ParsedFile, TemplateDiagnostic, TemplateLanguage } from './document';
import { parseTemplateText } from './document';
import { at, closest, valueAt } from './diagnostic';
import { escapePointerSegment } from './pointer';
import { nestsDeeperThan, TOO_DEEP_MESSAGE } from './limits';
import type { SchemaNode } from './schema';
import { schemaAt as schemaAtIn, typesOf } from './schema';
import type { SpecDialect } from './dialects';
import { ECI_TEMPLATE } from './dialects';

/**
 * Validation of templates and spec files, the same for every dialect: the dialect's JSON schema (compiled once) and
 * the rules it cannot say (the dialect's own `rules`), each diagnostic with the exact range, a severity, a stable
 * code and a message a person understands.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded with the first validation (see lazy-module.ts)
const ajv = lazyModule(() => require('ajv') as typeof AjvModule);
const compiled = new Map<SpecDialect['id'], ValidateFunction>();
function validator(dialect: SpecDialect): ValidateFunction {
  // Compiled on first use, then reused for every document.
  let validate = compiled.get(dialect.id);
  if (validate === undefined) {
    validate = new (ajv().default)({ allErrors: true, strict: false, allowUnionTypes: true }).compile(dialect.schema);
    compiled.set(dialect.id, validate);
  }
  return validate;
}

export function validateTemplateText(
  text: string,
  language?: TemplateLanguage,
  dialect: SpecDialect = ECI_TEMPLATE,
): TemplateDiagnostic[] {
  return validateParsed(parseTemplateText(text, language, dialect.schema), dialect);
}

export function validateParsed(file: ParsedFile, dialect: SpecDialect = ECI_TEMPLATE): TemplateDiagnostic[] {
  const out = [...file.fileDiagnostics];
  // Pushed one by one: spreading a list of a few hundred thousand diagnostics overflows the stack.
  for (const document of file.documents) for (const d of validateDocument(file, document, dialect)) out.push(d);
  return out.sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
}

function validateDocument(file: ParsedFile, document: ParsedDocument, dialect: SpecDialect): TemplateDiagnostic[] {
  const diagnostics = [...document.diagnostics];
  const value = document.value;
  if (document.root === null && diagnostics.length === 0) return diagnostics; // an empty document
  if (
    value === null ||
    typeof value !== 'object' ||
    Array.isArray(value) ||
    !Object.keys(value).some((key) => key !== '$schema' && dialect.schema.properties?.[key] !== undefined)
  ) {
    if (diagnostics.some((d) => d.severity === 'error')) return diagnostics;
    diagnostics.push(at(file, document, '', 'error', 'not-a-template', dialect.notThis));
    return diagnostics;
  }
  // A reader that found the document too deep said so where; nothing below that point was read, so the schema and
  // the rules would only add noise about what is missing.
  if (diagnostics.some((d) => d.code === 'too-deep')) return diagnostics;
  // The readers keep values within the depth limit; a value from elsewhere is measured before ajv and the rules,
  // which walk it, see it.
  if (nestsDeeperThan(value)) {
    diagnostics.push(at(file, document, '', 'error', 'too-deep', TOO_DEEP_MESSAGE));
    return diagnostics;
  }
  const normalized = normalizeScalars(file, document, value, dialect.schema, '', diagnostics);
  const validate = validator(dialect);
  if (validate(normalized) !== true) {
    // One diagnostic per place, code and message (a set: a scan per error made many errors quadratic).
    const said = new Set(diagnostics.map((d) => `${d.path}\u0000${d.code}\u0000${d.message}`));
    for (const error of validate.errors ?? []) {
      const diagnostic = schemaDiagnostic(file, document, error, dialect);
      if (diagnostic === undefined) continue;
      const key = `${diagnostic.path}\u0000${diagnostic.code}\u0000${diagnostic.message}`;
      if (said.has(key)) continue;
      said.add(key);
      diagnostics.push(diagnostic);
    }
  }
  for (const d of dialect.rules(file, document, normalized as never)) diagnostics.push(d);
  return diagnostics;
}

/**
 * Numbers and booleans written as strings (`"port": "80"`, as the API reference's own sample does,
 * docs/reference/eci-api-2020-notes.md §6.7) are accepted with a warning and converted, so that the schema then
 * checks their value; a string that is not a number is an error.
 */
function normalizeScalars(
  file: ParsedFile,
  document: ParsedDocument,
  value: unknown,
  schema: SchemaNode | undefined,
  path: string,
  out: TemplateDiagnostic[],
): unknown {
  if (schema === undefined) return value;
  if (Array.isArray(value))
    return value.map((item, index) => normalizeScalars(file, document, item, schema.items, `${path}/${index}`, out));
  if (value !== null && typeof value === 'object') {
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value))
      result[key] = normalizeScalars(
        file,
        document,
        item,
        schema.properties?.[key],
        `${path}/${escapePointerSegment(key)}`,
        out,
      );
    return result;
  }
  const types = typesOf(schema);
  if (
    typeof value === 'string' &&
    types.includes('string') &&
    (types.includes('number') || types.includes('integer'))
  ) {
    const n = value.trim() === '' ? NaN : Number(value);
    if (Number.isFinite(n)) {
      out.push(
        at(
          file,
          document,
          path,
          'warning',
          'number-as-string',
          `"${value}" is a string; write the number ${n} without quotes.`,
        ),
      );
      return n;
    }
    out.push(at(file, document, path, 'error', 'not-a-number', `"${value}" is not a number.`));
    return value;
  }
  if (typeof value === 'string' && types.includes('string') && types.includes('boolean')) {
    if (value === 'true' || value === 'false') {
      out.push(
        at(
          file,
          document,
          path,
          'warning',
          'boolean-as-string',
          `"${value}" is a string; write ${value} without quotes.`,
        ),
      );
      return value === 'true';
    }
    out.push(at(file, document, path, 'error', 'not-a-boolean', `"${value}" is not true or false.`));
  }
  return value;
}

const NOUNS: Readonly<Record<string, string>> = {
  containers: 'container',
  initContainers: 'init container',
  volumes: 'volume',
  tags: 'tag',
  env: 'environment variable',
  ports: 'port',
  volumeMounts: 'volume mount',
  command: 'command item',
  args: 'argument',
  sysctls: 'kernel parameter',
  imagePullSecrets: 'registry credential',
  hostAliases: 'host alias',
  envs: 'environment variable',
  dataVolumes: 'data volume',
  securityGroups: 'security group',
  userTags: 'tag',
};

function what(path: string): string {
  const segments = path.split('/').filter(Boolean);
  for (let i = segments.length - 1; i >= 0; i--) {
    const segment = segments[i] ?? '';
    if (!/^\d+$/.test(segment)) return NOUNS[segment] === undefined ? `\`${segment}\`` : NOUNS[segment];
  }
  return 'the template';
}

function schemaDiagnostic(
  file: ParsedFile,
  document: ParsedDocument,
  error: ErrorObject,
  dialect: SpecDialect,
): TemplateDiagnostic | undefined {
  const schemaAt = (pointer: string): SchemaNode | undefined => schemaAtIn(pointer, dialect.schema);
  const path = error.instancePath;
  const params = error.params as Record<string, unknown>;
  const schema = schemaAt(path);
  const code = `schema-${error.keyword}`;
  switch (error.keyword) {
    case 'if':
      return undefined; // the failing branch's own errors (a missing field) say what is wrong
    case 'required':
      return at(
        file,
        document,
        path,
        'error',
        code,
        `Missing \`${String(params['missingProperty'])}\` in ${path === '' ? `the ${dialect.noun}` : `this ${what(path)}`}.`,
      );
    case 'additionalProperties': {
      const name = String(params['additionalProperty']);
      const known = Object.keys(schemaAt(path)?.properties ?? {});
      const suggestion = closest(name, known);
      // A known key one level too high (`runAsUser` beside securityContext, not in it) says where it belongs.
      const home =
        suggestion === undefined
          ? known.find((key) => schemaAt(`${path}/${escapePointerSegment(key)}`)?.properties?.[name] !== undefined)
          : undefined;
      const hint =
        suggestion !== undefined
          ? ` Did you mean \`${suggestion}\`?`
          : home !== undefined
            ? ` It belongs in \`${home}\`.`
            : '';
      return at(
        file,
        document,
        `${path}/${escapePointerSegment(name)}`,
        'error',
        'unknown-property',
        `\`${name}\` is not a property of ${path === '' ? `a ${dialect.noun}` : `a ${what(path)}`}.${hint}`,
        true,
      );
    }
    case 'enum': {
      const allowed = (params['allowedValues'] as unknown[]).filter((v) => v !== '').map(String);
      const actual = valueAt(document.value, path);
      const suggestion = typeof actual === 'string' ? closest(actual, allowed) : undefined;
      return at(
        file,
        document,
        path,
        'error',
        code,
        `${JSON.stringify(actual)} is not allowed here; use ${allowed.join(', ')}.${suggestion === undefined ? '' : ` Did you mean ${suggestion}?`}`,
      );
    }
    case 'type':
      return at(
        file,
        document,
        path,
        'error',
        code,
        `Expected ${article(String(params['type']))}, found ${describe(valueAt(document.value, path))}.`,
      );
    case 'pattern':
      return at(
        file,
        document,
        path,
        'error',
        code,
        `${JSON.stringify(valueAt(document.value, path))} is not a valid ${what(path)}. ${schema?.markdownDescription ?? ''}`.trim(),
      );
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
      return at(
        file,
        document,
        path,
        'error',
        'out-of-range',
        `${JSON.stringify(valueAt(document.value, path))} is out of range: ${rangeText(schema)}.`,
      );
    case 'maxItems':
      return at(
        file,
        document,
        path,
        'error',
        'too-many',
        `At most ${String(params['limit'])} ${plural(what(`${path}/0`))} are allowed; there are ${(valueAt(document.value, path) as unknown[]).length}.`,
      );
    case 'minItems':
      return at(
        file,
        document,
        path,
        'error',
        'too-few',
        `At least ${String(params['limit'])} ${what(`${path}/0`)} is needed.`,
      );
    case 'maxLength':
      return at(
        file,
        document,
        path,
        'error',
        'too-long',
        `This is longer than ${String(params['limit'])} characters.`,
      );
    case 'minLength':
      return at(
        file,
        document,
        path,
        'error',
        'too-short',
        `This is shorter than ${String(params['limit'])} characters.`,
      );
    default:
      return at(file, document, path, 'error', code, error.message ?? 'Invalid value.');
  }
}

function article(type: string): string {
  const name = type.split(',')[0] ?? type;
  return name === 'object'
    ? 'an object'
    : name === 'array'
      ? 'a list'
      : name === 'integer'
        ? 'a whole number'
        : `a ${name}`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the text ${JSON.stringify(value)}`;
  return `${typeof value} ${String(value)}`;
}

function plural(noun: string): string {
  return noun.endsWith('s') ? noun : `${noun}s`;
}

function rangeText(schema: SchemaNode | undefined): string {
  if (schema === undefined) return 'see the field';
  const low =
    schema.exclusiveMinimum !== undefined
      ? `more than ${schema.exclusiveMinimum}`
      : schema.minimum !== undefined
        ? `${schema.minimum}`
        : undefined;
  if (schema.maximum !== undefined && schema.minimum !== undefined) return `${schema.minimum}–${schema.maximum}`;
  if (schema.maximum !== undefined) return `at most ${schema.maximum}`;
  return low === undefined ? 'see the field' : schema.exclusiveMinimum !== undefined ? low : `at least ${low}`;
}
