import { KNOWN_REGIONS, NATIVE_CONTAINER_REGIONS } from '../providers/regions';
import type { ParsedDocument, ParsedFile, TemplateDiagnostic } from './document';
import { eciTemplateDiagnostics } from './eci-rules';
import { nativeSpecDiagnostics } from './native-spec-rules';
import type { SchemaNode } from './schema';
import { NATIVE_SPEC_SCHEMA, TEMPLATE_SCHEMA } from './schema';

/**
 * A kind of file the template language machinery reads: ECI templates and Native Container specs share the readers,
 * validation, completion and hover; each brings its schema, what a file of it looks like and its own checks.
 */
export interface SpecDialect {
  readonly id: 'eci-template' | 'native-container-spec';
  readonly schema: SchemaNode & Record<string, unknown>;
  /** What one file is called in messages: "template", "spec". */
  readonly noun: string;
  /** Said when a file has none of the schema's top-level keys. */
  readonly notThis: string;
  /** Offered for `regionId`. */
  readonly regions: readonly string[];
  /** The checks beyond the schema, given the document's value once the schema has checked it (validate.ts). */
  readonly rules: (file: ParsedFile, document: ParsedDocument, value: never) => TemplateDiagnostic[];
}

export const ECI_TEMPLATE: SpecDialect = {
  id: 'eci-template',
  schema: TEMPLATE_SCHEMA,
  noun: 'template',
  notThis:
    'This is not an ECI container group template: a template is an object with keys such as containerGroupName and spec.',
  regions: KNOWN_REGIONS,
  rules: eciTemplateDiagnostics,
};

export const NATIVE_CONTAINER_SPEC: SpecDialect = {
  id: 'native-container-spec',
  schema: NATIVE_SPEC_SCHEMA,
  noun: 'spec',
  notThis:
    'This is not a Native Container spec: a spec is an object with containerSpec (and maybe regionId and maxCount).',
  regions: NATIVE_CONTAINER_REGIONS,
  rules: nativeSpecDiagnostics,
};
