import type { ParsedDocument, ParsedFile, Severity, TemplateDiagnostic } from './document';
import { nodeRange } from './document';
import { pointerSegments } from './pointer';
import { nodeAt } from './source-tree';
import type { Locale, Message } from '../core/messages/messages';
import { say } from '../core/messages/messages';

/*
 * What every check of a template or spec file builds its diagnostics with: a diagnostic at a JSON pointer (with the
 * exact range of its node), the value at a pointer, and the known name nearest to a misspelled one. Shared by the
 * generic validation (validate.ts) and each dialect's own rules (eci-rules.ts, native-spec-rules.ts).
 */

/**
 * The message each diagnostic was said from, for saying it in another language (`localized()`). Kept beside the
 * diagnostics rather than in them: a diagnostic stays the plain data tools and tests compare.
 */
const SAID_FROM = new WeakMap<TemplateDiagnostic, Message>();

/**
 * A diagnostic at the node a JSON pointer names (at its key when `key` is true). Its message is English; one given
 * as a catalog message (src/core/messages/) can be said in another language by `localized()`.
 */
export function at(
  file: ParsedFile,
  document: ParsedDocument,
  path: string,
  severity: Severity,
  code: string,
  message: string | Message,
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
  return diagnosticOf(range, severity, code, message, path);
}

/** A diagnostic at a range; its message English, said anew in another language by `localized()` when a Message. */
export function diagnosticOf(
  range: TemplateDiagnostic['range'],
  severity: Severity,
  code: string,
  message: string | Message,
  path: string,
): TemplateDiagnostic {
  const diagnostic = { range, severity, code, message: typeof message === 'string' ? message : say(message), path };
  if (typeof message !== 'string') SAID_FROM.set(diagnostic, message);
  return diagnostic;
}

/** The diagnostics in a language: each said from a catalog message is said anew; the others stay as they are. */
export function localized(diagnostics: TemplateDiagnostic[], locale: Locale): TemplateDiagnostic[] {
  if (locale === 'en') return diagnostics;
  return diagnostics.map((d) => {
    const from = SAID_FROM.get(d);
    return from === undefined ? d : { ...d, message: say(from, locale) };
  });
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
