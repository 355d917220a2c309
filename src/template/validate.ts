import type * as AjvModule from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { lazyModule } from '../lazy-module';
import type { ParsedDocument, ParsedFile, TemplateDiagnostic, TemplateLanguage } from './document';
import { parseTemplateText } from './document';
import { at, closest, localized, valueAt } from './diagnostic';
import { escapePointerSegment } from './pointer';
import { MAX_DEPTH, nestsDeeperThan } from './limits';
import type { SchemaNode } from './schema';
import { schemaAt as schemaAtIn, typesOf } from './schema';
import type { SpecDialect } from './dialects';
import { ECI_TEMPLATE } from './dialects';
import type { Locale, Message, MessageId } from '../core/messages/messages';
import { message } from '../core/messages/messages';

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
  locale: Locale = 'en',
): TemplateDiagnostic[] {
  return validateParsed(parseTemplateText(text, language, dialect.schema), dialect, locale);
}

/** The diagnostics of a parsed file, their messages in `locale` (the catalog's; the parsers' own stay English). */
export function validateParsed(
  file: ParsedFile,
  dialect: SpecDialect = ECI_TEMPLATE,
  locale: Locale = 'en',
): TemplateDiagnostic[] {
  const out = [...file.fileDiagnostics];
  // Pushed one by one: spreading a list of a few hundred thousand diagnostics overflows the stack.
  for (const document of file.documents) for (const d of validateDocument(file, document, dialect, locale)) out.push(d);
  out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return localized(out, locale);
}

function validateDocument(
  file: ParsedFile,
  document: ParsedDocument,
  dialect: SpecDialect,
  locale: Locale,
): TemplateDiagnostic[] {
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
    diagnostics.push(at(file, document, '', 'error', 'too-deep', message('template.tooDeep', { max: MAX_DEPTH })));
    return diagnostics;
  }
  const normalized = normalizeScalars(file, document, value, dialect.schema, '', diagnostics);
  const validate = validator(dialect);
  if (validate(normalized) !== true) {
    // One diagnostic per place, code and message (a set: a scan per error made many errors quadratic).
    const said = new Set(diagnostics.map((d) => `${d.path}\u0000${d.code}\u0000${d.message}`));
    for (const error of validate.errors ?? []) {
      const diagnostic = schemaDiagnostic(file, document, error, dialect, locale);
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
        at(file, document, path, 'warning', 'number-as-string', message('template.stringNumber', { value, number: n })),
      );
      return n;
    }
    out.push(at(file, document, path, 'error', 'not-a-number', message('template.notANumber', { value })));
    return value;
  }
  if (typeof value === 'string' && types.includes('string') && types.includes('boolean')) {
    if (value === 'true' || value === 'false') {
      out.push(at(file, document, path, 'warning', 'boolean-as-string', message('template.stringBoolean', { value })));
      return value === 'true';
    }
    out.push(at(file, document, path, 'error', 'not-a-boolean', message('template.notABoolean', { value })));
  }
  return value;
}

const NOUNS: Readonly<Record<string, MessageId>> = {
  containers: 'noun.container',
  initContainers: 'noun.initContainer',
  volumes: 'noun.volume',
  tags: 'noun.tag',
  env: 'noun.environmentVariable',
  ports: 'noun.port',
  volumeMounts: 'noun.volumeMount',
  command: 'noun.commandItem',
  args: 'noun.argument',
  sysctls: 'noun.kernelParameter',
  imagePullSecrets: 'noun.registryCredential',
  hostAliases: 'noun.hostAlias',
  envs: 'noun.environmentVariable',
  dataVolumes: 'noun.dataVolume',
  securityGroups: 'noun.securityGroup',
  userTags: 'noun.tag',
};

/** What the value at a path is, in words: its list's noun ("container"), else its key in backquotes. */
function what(path: string, plural = false): Message | string {
  const segments = path.split('/').filter(Boolean);
  for (let i = segments.length - 1; i >= 0; i--) {
    const segment = segments[i] ?? '';
    if (/^\d+$/.test(segment)) continue;
    const noun = NOUNS[segment];
    return noun === undefined ? (plural ? `\`${segment}\`s` : `\`${segment}\``) : message(noun, undefined, plural);
  }
  return message('noun.template', undefined, plural);
}

function schemaDiagnostic(
  file: ParsedFile,
  document: ParsedDocument,
  error: ErrorObject,
  dialect: SpecDialect,
  locale: Locale,
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
        path === ''
          ? message('template.missingInDocument', { property: String(params['missingProperty']), noun: dialect.noun })
          : message('template.missingInThis', { property: String(params['missingProperty']), what: what(path) }),
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
          ? message('template.hint.didYouMeanProperty', { suggestion })
          : home !== undefined
            ? message('template.hint.belongsIn', { home })
            : '';
      return at(
        file,
        document,
        `${path}/${escapePointerSegment(name)}`,
        'error',
        'unknown-property',
        message('template.unknownProperty', { name, what: path === '' ? dialect.noun : what(path), hint }),
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
        message('template.notAllowed', {
          actual: JSON.stringify(actual),
          allowed: allowed.join(', '),
          hint: suggestion === undefined ? '' : message('template.hint.didYouMean', { suggestion }),
        }),
      );
    }
    case 'type':
      return at(
        file,
        document,
        path,
        'error',
        code,
        message('template.wrongType', {
          expected: article(String(params['type'])),
          found: describe(valueAt(document.value, path)),
        }),
      );
    case 'pattern': {
      // The field's description as the schema says it in the diagnostics' language (the message is said anew in it).
      const description = schemaAtIn(path, dialect.described[locale])?.markdownDescription;
      return at(
        file,
        document,
        path,
        'error',
        code,
        description === undefined || description === ''
          ? message('template.invalidValue', { value: JSON.stringify(valueAt(document.value, path)), what: what(path) })
          : message('template.invalidValueDescribed', {
              value: JSON.stringify(valueAt(document.value, path)),
              what: what(path),
              description,
            }),
      );
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
      return at(
        file,
        document,
        path,
        'error',
        'out-of-range',
        message('template.outOfRange', {
          value: JSON.stringify(valueAt(document.value, path)),
          range: rangeText(schema),
        }),
      );
    case 'maxItems':
      return at(
        file,
        document,
        path,
        'error',
        'too-many',
        message('template.tooMany', {
          limit: String(params['limit']),
          things: what(`${path}/0`, true),
          count: (valueAt(document.value, path) as unknown[]).length,
        }),
      );
    case 'minItems':
      return at(
        file,
        document,
        path,
        'error',
        'too-few',
        message('template.tooFew', { limit: String(params['limit']), thing: what(`${path}/0`) }),
      );
    case 'maxLength':
      return at(
        file,
        document,
        path,
        'error',
        'too-long',
        message('template.tooLong', { limit: String(params['limit']) }),
      );
    case 'minLength':
      return at(
        file,
        document,
        path,
        'error',
        'too-short',
        message('template.tooShort', { limit: String(params['limit']) }),
      );
    default:
      return at(file, document, path, 'error', code, error.message ?? message('template.invalid'));
  }
}

function article(type: string): Message | string {
  const name = type.split(',')[0] ?? type;
  switch (name) {
    case 'object':
    case 'array':
    case 'integer':
    case 'string':
    case 'number':
    case 'boolean':
      return message(`template.type.${name}`);
    default:
      return `a ${name}`;
  }
}

function describe(value: unknown): Message | string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return message('template.found.list');
  if (typeof value === 'object') return message('template.found.object');
  if (typeof value === 'string') return message('template.found.text', { text: JSON.stringify(value) });
  if (typeof value === 'number') return message('template.found.number', { value });
  if (typeof value === 'boolean') return message('template.found.boolean', { value: String(value) });
  return `${typeof value} ${String(value)}`;
}

function rangeText(schema: SchemaNode | undefined): Message {
  if (schema === undefined) return message('template.range.seeField');
  if (schema.maximum !== undefined && schema.minimum !== undefined)
    return message('template.range.between', { min: schema.minimum, max: schema.maximum });
  if (schema.maximum !== undefined) return message('template.range.atMost', { max: schema.maximum });
  if (schema.exclusiveMinimum !== undefined)
    return message('template.range.moreThan', { min: schema.exclusiveMinimum });
  if (schema.minimum !== undefined) return message('template.range.atLeast', { min: schema.minimum });
  return message('template.range.seeField');
}
