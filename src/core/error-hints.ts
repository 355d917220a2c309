import type { Message } from './messages/messages';
import { isMessageId, message, messageIds, say } from './messages/messages';

/**
 * What every provider's errors share: the hints for the codes the clients raise themselves (network, timeout, an
 * answer that is not the API's), the TLS hint, and the words for "did you mean". Each provider keeps the table of its
 * API's own codes beside its client (src/eci/error-hints.ts, src/jdcloud/error-hints.ts) and gives it to the errors
 * it makes (`CloudErrorInit.hints`). The hints are messages of the core's catalog (`hint.client.<code>`,
 * `hint.eci.<code>`, `hint.jdcloud.<code>` in src/core/messages/), so that the extension and the CLI say them in the
 * user's language.
 */

/** A table of hints of the catalog, by code: the messages whose IDs are `prefix` and the code. */
export function hintTable(prefix: string): Readonly<Record<string, Message>> {
  return Object.fromEntries(messageIds(prefix).map((id) => [id.slice(prefix.length), message(id)]));
}

/** A table of hints in English (what tests and the error's `hint` hold). */
export function englishHints(table: Readonly<Record<string, Message>>): Readonly<Record<string, string>> {
  return Object.fromEntries(Object.entries(table).map(([code, hint]) => [code, say(hint)]));
}

/** The hint of a code in a table of the catalog (`prefix` and the code), if it has one. */
export function tableHint(prefix: string, code: string): Message | undefined {
  const id = `${prefix}${code}`;
  return isMessageId(id) ? message(id) : undefined;
}

export const CLIENT_HINT_MESSAGES = hintTable('hint.client.');
export const CLIENT_HINTS: Readonly<Record<string, string>> = englishHints(CLIENT_HINT_MESSAGES);

/** The hint for a code the clients raise themselves, if it is one. */
export function clientHint(code: string): Message | undefined {
  return tableHint('hint.client.', code);
}

/** What an error was about, beyond its code: some hints depend on the action or on the API's own message. */
export interface HintContext {
  readonly action?: string | undefined;
  readonly message?: string | undefined;
}

/** A provider's hints: its table, and the families and special cases it knows. */
export type ErrorHints = (code: string, context: HintContext) => Message | undefined;

/**
 * The TLS handshake failed (the server speaks plain HTTP, its certificate is not trusted or not for that name):
 * the same request cannot succeed on another try.
 */
export const TLS_FAILURE_HINT_MESSAGE = message('hint.tls');
export const TLS_FAILURE_HINT = say(TLS_FAILURE_HINT_MESSAGE);

/** The hint of a failure of the proxy itself (src/core/proxy.ts): where its settings are read. */
export const PROXY_FAILURE_HINT_MESSAGE = message('hint.proxy');
export const PROXY_FAILURE_HINT = say(PROXY_FAILURE_HINT_MESSAGE);

/** "A, B, C" (in Chinese "A、B、C"). */
export function commaListMessage(names: readonly string[]): Message {
  return names
    .slice(1)
    .reduce<Message>(
      (list, name) => message('hint.orList.comma', { a: list, b: name }),
      message('list.1', { a: names[0] ?? '' }),
    );
}

/** "A", "A or B", "A, B or C" (in Chinese "A、B 或 C"). */
export function orListMessage(names: readonly string[]): Message {
  if (names.length <= 1) return message('list.1', { a: names[0] ?? '' });
  return message('hint.orList.or', { a: commaListMessage(names.slice(0, -1)), b: names[names.length - 1] ?? '' });
}

/** "A", "A or B", "A, B or C". */
export function orList(names: readonly string[]): string {
  return say(orListMessage(names));
}

/**
 * The candidates nearest to a misspelled name (edit distance with transpositions, ignoring case), if near enough to
 * be a typo: at most `limit` of them, all at the smallest distance found.
 */
export function nearestNames(name: string, candidates: readonly string[], limit = 3): string[] {
  const word = name.toLowerCase();
  let best = Infinity;
  let found: string[] = [];
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate.toLowerCase());
    if (distance > Math.max(1, Math.floor(Math.max(word.length, candidate.length) / 4))) continue;
    if (distance < best) {
      best = distance;
      found = [candidate];
    } else if (distance === best) {
      found.push(candidate);
    }
  }
  return found.slice(0, limit);
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of two neighbours cost 1. */
function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, (before[j - 2] ?? 0) + 1);
      current.push(value);
    }
    before = previous;
    previous = current;
  }
  return previous[b.length] ?? 0;
}
