import type * as AjvModule from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { lazyModule } from '../lazy-module';
import { CPU_MEMORY_SPECS, isSupportedSpec } from '../eci/specs';
import type { ParsedDocument, ParsedFile, Severity, TemplateDiagnostic, TemplateLanguage } from './document';
import { nodeRange, parseTemplateText } from './document';
import { escapePointerSegment, pointerSegments } from './pointer';
import type { SchemaNode } from './schema';
import type { SpecDialect } from './schema';
import { schemaAt as schemaAtIn, typesOf } from './schema';
import { ECI_TEMPLATE } from './dialects';
import type { NativeSpec } from './native-spec-rules';
import { nativeSpecDiagnostics } from './native-spec-rules';
import { nodeAt } from './source-tree';

/**
 * Validation of templates: the JSON schema (compiled once) and the rules it cannot say, each diagnostic with the
 * exact range, a severity, a stable code and a message a person understands.
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

/** The checks beyond each schema. */
const RULES: Readonly<
  Record<SpecDialect['id'], (file: ParsedFile, document: ParsedDocument, value: never) => TemplateDiagnostic[]>
> = {
  'eci-template': (file, document, value: Template) => semanticDiagnostics(file, document, value),
  'native-container-spec': (file, document, value: NativeSpec) => nativeSpecDiagnostics(file, document, value),
};

export function validateTemplateText(
  text: string,
  language?: TemplateLanguage,
  dialect: SpecDialect = ECI_TEMPLATE,
): TemplateDiagnostic[] {
  return validateParsed(parseTemplateText(text, language, dialect.schema), dialect);
}

export function validateParsed(file: ParsedFile, dialect: SpecDialect = ECI_TEMPLATE): TemplateDiagnostic[] {
  const out = [...file.fileDiagnostics];
  for (const document of file.documents) out.push(...validateDocument(file, document, dialect));
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
  const normalized = normalizeScalars(file, document, value, dialect.schema, '', diagnostics);
  const validate = validator(dialect);
  if (validate(normalized) !== true) {
    for (const error of validate.errors ?? []) {
      const diagnostic = schemaDiagnostic(file, document, error, dialect);
      if (
        diagnostic !== undefined &&
        !diagnostics.some(
          (d) => d.path === diagnostic.path && d.code === diagnostic.code && d.message === diagnostic.message,
        )
      )
        diagnostics.push(diagnostic);
    }
  }
  diagnostics.push(...RULES[dialect.id](file, document, normalized as never));
  return diagnostics;
}

export function at(
  file: ParsedFile,
  document: ParsedDocument,
  path: string,
  severity: Severity,
  code: string,
  message: string,
  key = false,
): TemplateDiagnostic {
  const node = nodeAt(document.root, path, key);
  let range = nodeRange(file, node);
  // A whole object or list is marked on its first line only, not on every line it spans.
  if ((node?.kind === 'map' || range.end.line > range.start.line) && !key) {
    const keyNode = path === '' ? undefined : nodeAt(document.root, path, true);
    range =
      keyNode !== undefined && keyNode !== node
        ? nodeRange(file, keyNode)
        : { start: range.start, end: { line: range.start.line, character: range.start.character + 1 } };
  }
  return { range, severity, code, message, path };
}

/**
 * Numbers and booleans written as strings (`"port": "80"`, as the seed's own sample does) are accepted with a
 * warning and converted, so that the schema then checks their value; a string that is not a number is an error.
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

export function valueAt(value: unknown, pointer: string): unknown {
  let node = value;
  for (const segment of pointerSegments(pointer)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

/** The known name nearest to a misspelled one, if it is near enough to be a typo. */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(best.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] ?? 0;
      row[j] = Math.min((row[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length] ?? 0;
}

// ----- Rules beyond the schema --------------------------------------------------------------------------------

interface Probe {
  exec?: unknown;
  tcpSocket?: unknown;
  httpGet?: unknown;
  successThreshold?: unknown;
}
interface Container {
  name?: unknown;
  image?: unknown;
  resources?: { cpu?: unknown; memory?: unknown };
  volumeMounts?: { name?: unknown }[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
}
interface Template {
  resources?: { cpu?: unknown; memory?: unknown };
  spec?: {
    containers?: Container[];
    initContainers?: Container[];
    volumes?: { name?: unknown; nfs?: unknown; emptyDir?: unknown; configFile?: { items?: { content?: unknown }[] } }[];
  };
}

const list = <T>(value: T[] | undefined): T[] => (Array.isArray(value) ? value : []);
const IMAGE_REFERENCE =
  /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;

function semanticDiagnostics(file: ParsedFile, document: ParsedDocument, template: Template): TemplateDiagnostic[] {
  const out: TemplateDiagnostic[] = [];
  const spec = template.spec;
  if (spec === null || typeof spec !== 'object') return out;
  const volumes = list(spec.volumes);
  const volumeNames = volumes.map((v) => v?.name);

  const seenVolumes = new Set<unknown>();
  volumes.forEach((volume, i) => {
    if (volume === null || typeof volume !== 'object') return;
    if (seenVolumes.has(volume.name))
      out.push(
        at(
          file,
          document,
          `/spec/volumes/${i}/name`,
          'error',
          'duplicate-volume-name',
          `Another volume is already named "${String(volume.name)}": volume names must be unique.`,
        ),
      );
    seenVolumes.add(volume.name);
    const kinds = ['nfs', 'emptyDir', 'configFile'].filter(
      (kind) => (volume as Record<string, unknown>)[kind] !== undefined,
    );
    if (kinds.length !== 1) {
      out.push(
        at(
          file,
          document,
          `/spec/volumes/${i}`,
          'error',
          'volume-kind',
          kinds.length === 0
            ? 'A volume needs one of nfs, emptyDir or configFile.'
            : `A volume is one kind only; this one has ${kinds.join(' and ')}.`,
        ),
      );
    }
    list(volume.configFile?.items).forEach((item, j) => {
      if (typeof item?.content === 'string' && Buffer.byteLength(item.content) > 32 * 1024) {
        out.push(
          at(
            file,
            document,
            `/spec/volumes/${i}/configFile/items/${j}/content`,
            'error',
            'config-file-too-large',
            `This file is ${Math.ceil(Buffer.byteLength(item.content) / 1024)} KB; a config file may hold at most 32 KB.`,
          ),
        );
      }
    });
  });

  const seenContainers = new Set<unknown>();
  let cpuSum = 0;
  let memorySum = 0;
  for (const [kind, containers] of [
    ['containers', list(spec.containers)],
    ['initContainers', list(spec.initContainers)],
  ] as const) {
    containers.forEach((container, i) => {
      if (container === null || typeof container !== 'object') return;
      const base = `/spec/${kind}/${i}`;
      if (container.name !== undefined && seenContainers.has(container.name))
        out.push(
          at(
            file,
            document,
            `${base}/name`,
            'error',
            'duplicate-container-name',
            `Another container is already named "${String(container.name)}": container names must be unique in a group.`,
          ),
        );
      seenContainers.add(container.name);
      if (typeof container.image === 'string' && container.image !== '' && !IMAGE_REFERENCE.test(container.image)) {
        out.push(
          at(
            file,
            document,
            `${base}/image`,
            'error',
            'invalid-image',
            `"${container.image}" is not a well-formed image reference ([registry/]repository[:tag][@sha256:digest], lowercase).`,
          ),
        );
      }
      list(container.volumeMounts).forEach((mount, j) => {
        if (typeof mount?.name === 'string' && !volumeNames.includes(mount.name)) {
          const suggestion = closest(
            mount.name,
            volumeNames.filter((n): n is string => typeof n === 'string'),
          );
          out.push(
            at(
              file,
              document,
              `${base}/volumeMounts/${j}/name`,
              'error',
              'unknown-volume',
              `No volume is named "${mount.name}" in spec.volumes.${suggestion === undefined ? '' : ` Did you mean "${suggestion}"?`}`,
            ),
          );
        }
      });
      for (const probeName of ['readinessProbe', 'livenessProbe'] as const) {
        const probe = container[probeName];
        if (probe === null || typeof probe !== 'object') continue;
        const handlers = ['exec', 'tcpSocket', 'httpGet'].filter(
          (h) => (probe as Record<string, unknown>)[h] !== undefined,
        );
        if (handlers.length !== 1) {
          out.push(
            at(
              file,
              document,
              `${base}/${probeName}`,
              'error',
              'probe-handlers',
              handlers.length === 0
                ? 'A probe needs one of exec, tcpSocket or httpGet.'
                : `A probe has one handler only; this one has ${handlers.join(' and ')}.`,
            ),
          );
        }
        if (
          probeName === 'livenessProbe' &&
          typeof probe.successThreshold === 'number' &&
          probe.successThreshold !== 1
        ) {
          out.push(
            at(
              file,
              document,
              `${base}/livenessProbe/successThreshold`,
              'error',
              'liveness-success-threshold',
              "A liveness probe's successThreshold must be 1.",
            ),
          );
        }
      }
      if (kind === 'containers') {
        if (typeof container.resources?.cpu === 'number') cpuSum += container.resources.cpu;
        if (typeof container.resources?.memory === 'number') memorySum += container.resources.memory;
      }
    });
  }

  const cpu = template.resources?.cpu;
  const memory = template.resources?.memory;
  if (typeof cpu === 'number' && typeof memory === 'number') {
    if (!isSupportedSpec(cpu, memory)) {
      const offered = CPU_MEMORY_SPECS.get(cpu);
      out.push(
        at(
          file,
          document,
          '/resources',
          'error',
          'unsupported-spec',
          offered === undefined
            ? `${cpu} vCPU is not offered; vCPUs are ${[...CPU_MEMORY_SPECS.keys()].join(', ')}.`
            : `${cpu} vCPU comes with ${offered.join(', ')} GiB of memory, not ${memory}.`,
        ),
      );
    } else if (cpuSum > cpu + 1e-9 || memorySum > memory + 1e-9) {
      out.push(
        at(
          file,
          document,
          '/resources',
          'error',
          'resources-too-small',
          `The containers ask for ${round(cpuSum)} vCPU and ${round(memorySum)} GiB, more than the group's ${cpu} vCPU and ${memory} GiB.`,
        ),
      );
    }
  }
  return out;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
