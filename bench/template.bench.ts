import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from 'yaml-language-server';
import { complete } from '../src/template/language';
import { TEMPLATE_SCHEMA } from '../src/template/schema';
import { validateTemplateText } from '../src/template/validate';
import { largeTemplate } from '../test/helpers/large-template';
import type { Figure } from './harness';
import { median, spread } from './harness';

const rounds = (n: number, work: () => Promise<unknown> | unknown): Promise<number[]> =>
  (async () => {
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const started = performance.now();
      await work();
      times.push(performance.now() - started);
    }
    return times;
  })();

export async function run(): Promise<Figure[]> {
  const schema = TEMPLATE_SCHEMA as unknown as Record<string, unknown>;
  const service = getLanguageService({
    schemaRequestService: () => Promise.resolve(JSON.stringify(schema)),
    workspaceContext: { resolveRelativePath: (relative: string) => relative },
  } as unknown as Parameters<typeof getLanguageService>[0]);
  service.configure({
    validate: true,
    completion: true,
    hover: true,
    schemas: [{ uri: 'file:///eci-template.schema.json', fileMatch: ['*.eci.yaml'], schema }],
  });

  const small = readFileSync(join(__dirname, '..', 'samples', 'nginx.eci.yaml'), 'utf8');
  const large = largeTemplate();
  let version = 0;
  // A new document version each time, so that neither side answers from a cache of the previous parse.
  const doc = (text: string) => TextDocument.create('file:///bench.eci.yaml', 'yaml', ++version, text);
  const figures: Figure[] = [];

  // Problems found: every line yaml-language-server marks must be marked by us too.
  const theirs = await service.doValidation(doc(large), false);
  const ours = validateTemplateText(large);
  const ourLines = new Set(ours.map((d) => d.range.start.line));
  const missed = theirs.filter((d) => !ourLines.has(d.range.start.line));

  for (const [label, text, n] of [
    ['small template (26 lines)', small, 200],
    [`2,000-line template (${large.split('\n').length - 1} lines)`, large, 40],
  ] as const) {
    await rounds(5, () => validateTemplateText(text));
    await rounds(5, () => service.doValidation(doc(text), false));
    const ourTimes = await rounds(n, () => validateTemplateText(text));
    const theirTimes = await rounds(n, () => service.doValidation(doc(text), false));
    const speedup = median(theirTimes) / median(ourTimes);
    const isLarge = text === large;
    figures.push({
      name: `Validation of the ${label}${isLarge ? `; problems yaml-language-server finds that we miss: ${missed.length} of ${theirs.length}` : ''}`,
      unit: 'ms',
      median: median(ourTimes),
      spread: spread(ourTimes),
      anchor: { name: 'yaml-language-server doValidation (ms)', median: median(theirTimes) },
      ratio: speedup,
      target: isLarge ? '≤ 10 ms, ≥ 5× faster, nothing missed' : '≥ 5× faster',
      met: speedup >= 5 && (!isLarge || (median(ourTimes) <= 10 && missed.length === 0)),
    });
  }

  // The general path: an anchor makes the file a job for the full yaml package (our fast reader declines it).
  const anchored = large.replace('  restartPolicy: Always', '  restartPolicy: &policy Always');
  await rounds(5, () => validateTemplateText(anchored));
  const generalOurs = await rounds(20, () => validateTemplateText(anchored));
  const generalTheirs = await rounds(20, () => service.doValidation(doc(anchored), false));
  figures.push({
    name: 'Validation of the 2,000-line template with an anchor (read by the full yaml package, not the fast reader)',
    unit: 'ms',
    median: median(generalOurs),
    spread: spread(generalOurs),
    anchor: { name: 'yaml-language-server doValidation (ms)', median: median(generalTheirs) },
    ratio: median(generalTheirs) / median(generalOurs),
    target: 'no slower than yaml-language-server',
    met: median(generalOurs) <= median(generalTheirs),
  });

  // Completion: a new key inside the 20th container.
  const offset = large.indexOf('      env:', large.indexOf('name: app-19'));
  const text = `${large.slice(0, offset)}      \n${large.slice(offset)}`;
  const position = doc(text).positionAt(offset + 6);
  await rounds(5, () => complete(text, offset + 6));
  await rounds(5, () => service.doComplete(doc(text), position, false));
  const ourTimes = await rounds(40, () => complete(text, offset + 6));
  const theirTimes = await rounds(40, () => service.doComplete(doc(text), position, false));
  const speedup = median(theirTimes) / median(ourTimes);
  figures.push({
    name: 'Completion in the 2,000-line template',
    unit: 'ms',
    median: median(ourTimes),
    spread: spread(ourTimes),
    anchor: { name: 'yaml-language-server doComplete (ms)', median: median(theirTimes) },
    ratio: speedup,
    target: '≤ 5 ms, ≥ 5× faster',
    met: median(ourTimes) <= 5 && speedup >= 5,
  });
  return figures;
}
