import { yaml } from '../../template/yaml-package';

/** A template as the text of a new document, in the format the user prefers (`eci.export.format`). */
export function templateText(template: Record<string, unknown>, format: 'yaml' | 'json'): string {
  return format === 'json' ? `${JSON.stringify(template, null, 2)}\n` : yaml().stringify(template, { lineWidth: 0 });
}
