import type { AvailableResources, InstanceTypeOffer } from '../eci/available-resources';
import { instanceTypeChoices, sizeText } from '../eci/available-resources';
import { commaListMessage } from '../core/error-hints';
import type { Locale, Message } from '../core/messages/messages';
import { message, say } from '../core/messages/messages';
import { closest, diagnosticOf } from './diagnostic';
import type { ParsedDocument, ParsedFile, TemplateDiagnostic, TemplateLanguage } from './document';
import { parseTemplateText, rangeOf } from './document';
import type { CompletionItem } from './language';
import type { SourceMap, SourceNode, SourcePair } from './source-tree';

/**
 * An ECI template's `instanceType` and `resources` (cpu/memory) against what its region sells now
 * (DescribeAvailableResource, src/eci/available-resources.ts): warnings before the API would refuse on deploy,
 * completion of what is sold, and the edits that set a choice. Pure functions; the editor fetches and caches the
 * region's answer (src/vscode/template/available-resource-source.ts).
 */

/** What a template asks for that a region may not sell. */
interface Asked {
  readonly regionId?: string | undefined;
  readonly zoneId?: string | undefined;
  readonly instanceType?: string | undefined;
  readonly cpu?: number | undefined;
  readonly memory?: number | undefined;
}

function numberOf(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function asked(value: unknown): Asked {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  const template = value as Record<string, unknown>;
  const resources = (template.resources ?? {}) as Record<string, unknown>;
  return {
    regionId: textOf(template.regionId),
    zoneId: textOf(template.zoneId),
    instanceType: textOf(template.instanceType),
    cpu: numberOf(resources.cpu),
    memory: numberOf(resources.memory),
  };
}

/** The regions a file's templates name (undefined: the template names none, so the profile's region applies). */
export function templateRegions(file: ParsedFile): (string | undefined)[] {
  return [...new Set(file.documents.map((d) => asked(d.value).regionId))];
}

/** Whether any of the file's templates asks for something a region may not sell (no need to ask the API if not). */
export function asksForResources(file: ParsedFile): boolean {
  return file.documents.some((d) => {
    const a = asked(d.value);
    return a.instanceType !== undefined || (a.cpu !== undefined && a.memory !== undefined);
  });
}

function pairOf(node: SourceNode | null, name: string): SourcePair | undefined {
  return node?.kind === 'map' ? node.pairs.find((p) => p.name === name) : undefined;
}

/** "a, b, c, d and 2 more" (in Chinese "a、b、c、d 及另外 2 个"). */
function listMessage(items: readonly string[]): Message {
  return items.length <= 4
    ? commaListMessage(items)
    : message('availability.listMore', { list: commaListMessage(items.slice(0, 4)), more: items.length - 4 });
}

/**
 * Warnings for what the templates of a file ask for and their region does not sell now: an instance type not sold
 * in the region or the template's zone, or sold out; a vCPU/memory pair whose instance types are not in the
 * template's zone or sold out. A pair no instance type of the region has is left to the static spec rule
 * (eci-rules.ts): ECI serves such sizes without naming a type. `resourcesFor` gives the region's answer for the
 * region a template names (undefined for the profile's); without one, that template is not checked.
 */
export function availabilityDiagnostics(
  file: ParsedFile,
  resourcesFor: (regionId: string | undefined) => AvailableResources | undefined,
): TemplateDiagnostic[] {
  return file.documents.flatMap((document) => {
    const template = asked(document.value);
    const resources = resourcesFor(template.regionId);
    if (resources === undefined) return [];
    const zone =
      template.zoneId !== undefined && resources.zones.includes(template.zoneId) ? template.zoneId : undefined;
    const checked: Checked = { file, document, template, resources, zone };
    return [...instanceTypeProblems(checked), ...sizeProblems(checked)];
  });
}

function warning(file: ParsedFile, node: SourceNode, end: SourceNode, path: string, code: string, said: Message) {
  return diagnosticOf(rangeOf(file.lines, node.start, end.end), 'warning', code, said, path);
}

/** A template of a file and its region's answer; `zone` is the template's, when the region has it. */
interface Checked {
  readonly file: ParsedFile;
  readonly document: ParsedDocument;
  readonly template: Asked;
  readonly resources: AvailableResources;
  readonly zone: string | undefined;
}

function instanceTypeProblems({ file, document, template, resources, zone }: Checked): TemplateDiagnostic[] {
  const node = pairOf(document.root, 'instanceType')?.value;
  if (template.instanceType === undefined || node === undefined) return [];
  const sold = [...new Set(resources.offers.map((o) => o.instanceType))];
  // ECI takes up to five types, comma-separated, and uses the first it can have.
  return template.instanceType
    .split(',')
    .map((type) => type.trim())
    .filter((type) => type !== '')
    .flatMap((type): TemplateDiagnostic[] => {
      const offers = resources.offers.filter((o) => o.instanceType === type);
      const problem = (code: string, said: Message): TemplateDiagnostic[] => [
        warning(file, node, node, '/instanceType', code, said),
      ];
      if (offers.length === 0) {
        const suggestion = closest(type, sold);
        const region = resources.regionId;
        return problem(
          'instance-type-not-sold',
          suggestion === undefined
            ? message('availability.notSold', { region, type })
            : message('availability.notSold.didYouMean', { region, type, suggestion }),
        );
      }
      return stockProblems(offers, zone, type, resources.regionId, problem, 'instance-type');
    });
}

/** Not in the zone, or sold out (in the zone, or in every zone of the region). */
function stockProblems(
  offers: readonly InstanceTypeOffer[],
  zone: string | undefined,
  what: string | Message,
  regionId: string,
  problem: (code: string, said: Message) => TemplateDiagnostic[],
  codePrefix: string,
): TemplateDiagnostic[] {
  const inStock = [...new Set(offers.filter((o) => o.inStock).map((o) => o.zoneId))];
  const zones = listMessage(inStock);
  const elsewhere = inStock.length === 0 ? '' : inStock.length === 1 ? '.one' : '.many';
  if (zone !== undefined) {
    const inZone = offers.filter((o) => o.zoneId === zone);
    if (inZone.length === 0)
      return problem(`${codePrefix}-not-in-zone`, message(`availability.notInZone${elsewhere}`, { zone, what, zones }));
    if (!inZone.some((o) => o.inStock))
      return problem(`${codePrefix}-sold-out`, message(`availability.soldOut${elsewhere}`, { zone, what, zones }));
    return [];
  }
  return inStock.length === 0
    ? problem(`${codePrefix}-sold-out`, message('availability.soldOutEverywhere', { what, region: regionId }))
    : [];
}

function sizeProblems({ file, document, template, resources, zone }: Checked): TemplateDiagnostic[] {
  const map = pairOf(document.root, 'resources')?.value;
  const cpuNode = pairOf(map ?? null, 'cpu')?.value;
  const memoryNode = pairOf(map ?? null, 'memory')?.value;
  const { cpu, memory } = template;
  if (cpu === undefined || memory === undefined || cpuNode === undefined || memoryNode === undefined) return [];
  const offers = resources.offers.filter((o) => o.cores === cpu && o.memory === memory);
  if (offers.length === 0) return [];
  // The range of both values: from whichever is written first to the end of the other.
  const [first, last] = cpuNode.start <= memoryNode.start ? [cpuNode, memoryNode] : [memoryNode, cpuNode];
  const types = listMessage([...new Set(offers.map((o) => o.instanceType))]);
  return stockProblems(
    offers,
    zone,
    message('availability.size', { cpu, memory, types }),
    resources.regionId,
    (code, message) => [warning(file, first, last, '/resources', code, message)],
    'spec',
  );
}

/**
 * Completion of what the template's region (and zone, when it names one) has in stock: instance types for
 * `instanceType`, vCPUs for `resources.cpu` and the memory sizes sold with the template's vCPUs for
 * `resources.memory`. Empty for any other place.
 */
export function availabilityItems(
  pointer: string,
  template: unknown,
  resources: AvailableResources,
  json: boolean,
  locale: Locale = 'en',
): CompletionItem[] {
  const { zoneId, cpu } = asked(template);
  const zone = zoneId !== undefined && resources.zones.includes(zoneId) ? zoneId : undefined;
  const where = zone ?? resources.regionId;
  const choices = instanceTypeChoices(resources, zone).filter((c) => c.zonesInStock.length > 0);
  if (pointer === '/instanceType')
    return choices.map((c) => ({
      label: c.instanceType,
      kind: 'value',
      insertText: json ? `"${c.instanceType}"` : c.instanceType,
      isSnippet: false,
      detail: say(
        message('availability.detail.instanceType', { size: sizeText(c, locale), zones: listMessage(c.zonesInStock) }),
        locale,
      ),
    }));
  const sized = choices.filter(
    (c): c is typeof c & { cores: number; memory: number } => c.cores !== undefined && c.memory !== undefined,
  );
  const item = (value: number, detail: string): CompletionItem => ({
    label: String(value),
    kind: 'value',
    insertText: String(value),
    isSnippet: false,
    detail,
  });
  if (pointer === '/resources/cpu')
    return [...new Set(sized.map((c) => c.cores))].map((cores) =>
      item(
        cores,
        say(
          message('availability.detail.cpu', {
            memories: commaListMessage(sized.filter((c) => c.cores === cores).map((c) => `${c.memory} GiB`)),
            where,
          }),
          locale,
        ),
      ),
    );
  if (pointer === '/resources/memory' && cpu !== undefined)
    return sized
      .filter((c) => c.cores === cpu)
      .map((c) =>
        item(c.memory, say(message('availability.detail.memory', { cpu, type: c.instanceType, where }), locale)),
      );
  return [];
}

/** A replacement of the text between two offsets. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** What the instance type picker sets: the template's `instanceType`, or its `resources` vCPUs and memory. */
export type ResourceChoice = { readonly instanceType: string } | { readonly cpu: number; readonly memory: number };

/** Which the picker sets by default: `resources` when the template sizes itself that way and names no type. */
export function choiceKind(file: ParsedFile): 'instanceType' | 'resources' {
  const template = asked(file.documents[0]?.value);
  return template.instanceType === undefined && pairOf(file.documents[0]?.root ?? null, 'resources') !== undefined
    ? 'resources'
    : 'instanceType';
}

/**
 * The edits that set a choice in the file's first template: the existing values are replaced where they are;
 * a missing key is added as the template's first. Throws when the file holds no template object.
 */
export function choiceEdits(text: string, language: TemplateLanguage, choice: ResourceChoice): TextEdit[] {
  const file = parseTemplateText(text, language);
  const root = file.documents[0]?.root ?? null;
  if (root?.kind !== 'map') throw new Error('This file holds no template object to set the instance type in.');
  const json = file.documents[0]?.reader === 'json';
  if ('instanceType' in choice)
    return [setKey(file, root, 'instanceType', json ? `"${choice.instanceType}"` : choice.instanceType, json)];
  const resources = pairOf(root, 'resources')?.value;
  const cpu = pairOf(resources ?? null, 'cpu')?.value;
  const memory = pairOf(resources ?? null, 'memory')?.value;
  if (cpu !== undefined && memory !== undefined)
    return [
      { start: cpu.start, end: cpu.end, text: String(choice.cpu) },
      { start: memory.start, end: memory.end, text: String(choice.memory) },
    ];
  const flow = json
    ? `{ "cpu": ${choice.cpu}, "memory": ${choice.memory} }`
    : `{ cpu: ${choice.cpu}, memory: ${choice.memory} }`;
  return [setKey(file, root, 'resources', flow, json)];
}

/** Replaces the value of a key of the root map, or adds the key before the first one. */
function setKey(file: ParsedFile, root: SourceMap, key: string, value: string, json: boolean): TextEdit {
  const existing = pairOf(root, key);
  if (existing !== undefined) return { start: existing.value.start, end: existing.value.end, text: value };
  const first = root.pairs[0];
  if (first === undefined) {
    // An empty object `{}` (JSON) or flow map: the key goes inside the braces.
    const inside = root.start + 1;
    return { start: inside, end: inside, text: json ? `\n  "${key}": ${value}\n` : ` ${key}: ${value} ` };
  }
  const at = first.key.start;
  const indent = ' '.repeat(file.lines.column(at));
  if (json || root.flow)
    return {
      start: at,
      end: at,
      text: `${json ? `"${key}"` : key}: ${value},${root.flow && !json ? ' ' : `\n${indent}`}`,
    };
  return { start: at, end: at, text: `${key}: ${value}\n${indent}` };
}
