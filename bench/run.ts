/**
 * `npm run bench`: runs every benchmark in bench/ (files named *.bench.ts, each exporting `run(): Promise<Figure[]>`)
 * and writes bench/results.json and bench/RESULTS.md. Never part of the tests. Pass file names to run a subset
 * (the other files keep their figures of the last run; the date line is of this run).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { Figure } from './harness';

function format(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((name) => name.endsWith('.bench.ts'))
    .filter((name) => only.length === 0 || only.some((o) => name.startsWith(o)))
    .sort();
  // A run of some files only keeps the figures of the others from the last full run.
  const previous = join(__dirname, 'results.json');
  const results: Record<string, Figure[]> =
    only.length > 0 && existsSync(previous)
      ? (JSON.parse(readFileSync(previous, 'utf8')) as { results: Record<string, Figure[]> }).results
      : {};
  for (const file of files) {
    process.stdout.write(`bench: ${file}…\n`);
    const module = (await import(join(__dirname, file))) as { run: () => Promise<Figure[]> };
    const started = performance.now();
    results[file] = await module.run();
    process.stdout.write(`bench: ${file} took ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  }
  const meta = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
  };
  writeFileSync(join(__dirname, 'results.json'), JSON.stringify({ meta, results }, null, 2) + '\n');

  const rows = Object.entries(results).flatMap(([file, figures]) =>
    figures.map(
      (f) =>
        `| ${f.name} | ${format(f.median)} ${f.unit} | ${format(f.spread[0])}–${format(f.spread[1])} | ${f.anchor ? `${f.anchor.name}: ${format(f.anchor.median)}` : '—'} | ${f.ratio === undefined ? '—' : `${format(f.ratio)}×`} | ${f.target} | ${f.met ? 'met' : '**missed**'} | ${file} |`,
    ),
  );
  const markdown = [
    '# Benchmark results',
    '',
    `Measured ${meta.date} on ${meta.cpus} × ${meta.cpu}, Node ${meta.node}. Reproduce with \`npm run bench\`.`,
    '',
    '| figure | median | spread (min–max of rounds) | anchor, same run | ratio | target | | file |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
  writeFileSync(join(__dirname, 'RESULTS.md'), markdown);
  process.stdout.write(markdown);
}

void main();
