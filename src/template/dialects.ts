import type { Locale, Message } from '../core/messages/messages';
import { message } from '../core/messages/messages';
import { KNOWN_REGIONS, JDCLOUD_REGIONS } from '../providers/regions';
import type { ParsedDocument, ParsedFile, TemplateDiagnostic } from './document';
import { eciTemplateDiagnostics } from './eci-rules';
import { jdcloudSpecDiagnostics } from './jdcloud-spec-rules';
import type { SchemaNode } from './schema';
import { JDCLOUD_SPEC_SCHEMA, JDCLOUD_SPEC_SCHEMA_ZH_CN, TEMPLATE_SCHEMA, TEMPLATE_SCHEMA_ZH_CN } from './schema';

/**
 * A kind of file the template language machinery reads: ECI templates and Native Container specs share the readers,
 * validation, completion and hover; each brings its schema, what a file of it looks like and its own checks.
 */
export interface SpecDialect {
  readonly id: 'eci-template' | 'jdcloud-spec';
  readonly schema: SchemaNode & Record<string, unknown>;
  /** The schema as hover and completion say it in each language: the same keywords, the descriptions translated. */
  readonly described: Readonly<Record<Locale, SchemaNode>>;
  /** What one file is called in messages: "template", "spec". */
  readonly noun: Message;
  /** Said when a file has none of the schema's top-level keys. */
  readonly notThis: Message;
  /** Offered for `regionId`. */
  readonly regions: readonly string[];
  /** The checks beyond the schema, given the document's value once the schema has checked it (validate.ts). */
  readonly rules: (file: ParsedFile, document: ParsedDocument, value: never) => TemplateDiagnostic[];
}

export const ECI_TEMPLATE: SpecDialect = {
  id: 'eci-template',
  schema: TEMPLATE_SCHEMA,
  described: { en: TEMPLATE_SCHEMA, 'zh-cn': TEMPLATE_SCHEMA_ZH_CN },
  noun: message('noun.template'),
  notThis: message('template.notTemplate.eci'),
  regions: KNOWN_REGIONS,
  rules: eciTemplateDiagnostics,
};

/**
 * JD Cloud spec files by name: `*.jdcloud.json`, `*.jdcloud.yaml`, `*.jdcloud.yml`, and `*.nc.*`, what they were
 * called before the provider's one name was `jdcloud` (files on disk keep working).
 */
export const JDCLOUD_SPEC_FILE_NAME = /\.(jdcloud|nc)\.(json|ya?ml)$/i;

export const JDCLOUD_SPEC: SpecDialect = {
  id: 'jdcloud-spec',
  schema: JDCLOUD_SPEC_SCHEMA,
  described: { en: JDCLOUD_SPEC_SCHEMA, 'zh-cn': JDCLOUD_SPEC_SCHEMA_ZH_CN },
  noun: message('noun.spec'),
  notThis: message('template.notTemplate.jdcloud'),
  regions: JDCLOUD_REGIONS,
  rules: jdcloudSpecDiagnostics,
};
