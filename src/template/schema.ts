import schemaJson from '../../schemas/eci-template.schema.json';
import jdcloudSpecJson from '../../schemas/jdcloud-spec.schema.json';
import schemaZhCnJson from '../../schemas/eci-template.zh-cn.schema.json';
import jdcloudSpecZhCnJson from '../../schemas/jdcloud-spec.zh-cn.schema.json';
import { pointerSegments } from './pointer';

/** A JSON Schema node as this project's schema uses them. */
export interface SchemaNode {
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly items?: SchemaNode;
  readonly required?: readonly string[];
  readonly enum?: readonly string[];
  readonly enumDescriptions?: readonly string[];
  readonly markdownDescription?: string;
  readonly examples?: readonly unknown[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly defaultSnippets?: readonly { readonly label: string; readonly body: unknown }[];
  readonly additionalProperties?: boolean;
}

/** The one schema of templates (schemas/eci-template.schema.json), bundled so it works offline. */
export const TEMPLATE_SCHEMA = schemaJson as unknown as SchemaNode & Record<string, unknown>;

/** The schema of Native Container spec files (schemas/jdcloud-spec.schema.json): createContainers' body. */
export const JDCLOUD_SPEC_SCHEMA = jdcloudSpecJson as unknown as SchemaNode & Record<string, unknown>;

/**
 * The same schemas with their descriptions in 简体中文 (schemas/*.zh-cn.schema.json, written by
 * scripts/localize-schemas.mjs from the English and src/template/schema-descriptions.zh-cn.json): what hover and
 * completion read in that language. Validation reads the English ones.
 */
export const TEMPLATE_SCHEMA_ZH_CN = schemaZhCnJson as unknown as SchemaNode;
export const JDCLOUD_SPEC_SCHEMA_ZH_CN = jdcloudSpecZhCnJson as unknown as SchemaNode;

/** The schema node that describes the value at a JSON pointer, if the schema knows the place. */
export function schemaAt(pointer: string, root: SchemaNode = TEMPLATE_SCHEMA): SchemaNode | undefined {
  let node: SchemaNode | undefined = root;
  for (const segment of pointerSegments(pointer)) {
    if (node === undefined) return undefined;
    node = /^\d+$/.test(segment) && node.items !== undefined ? node.items : node.properties?.[segment];
  }
  return node;
}

export function typesOf(node: SchemaNode): readonly string[] {
  return node.type === undefined ? [] : typeof node.type === 'string' ? [node.type] : node.type;
}
