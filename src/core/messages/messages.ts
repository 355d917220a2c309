import EN from './en.json';
import ZH_CN from './zh-cn.json';

/**
 * The core's messages (template diagnostics and hints, the CLI's own lines) in each language the extension speaks,
 * free of VS Code so that the editor and `eci validate` say the same thing. en.json holds the English, zh-cn.json
 * the 简体中文 (docs/l10n/glossary.md has its terms); scripts/check-l10n.mjs fails when a key has no Chinese or its
 * English changed after the translation. A message's `{name}` places take its arguments.
 */
export type Locale = 'en' | 'zh-cn';
export type MessageId = keyof typeof EN;

/** A message to be said in some language: its ID and arguments, which may be messages themselves. */
export interface Message {
  readonly id: MessageId;
  readonly args?: Readonly<Record<string, MessageArg>>;
  /** English only: the noun as a plural (`containers`); Chinese has no plural form. */
  readonly plural?: boolean;
}
export type MessageArg = string | number | Message;

const CATALOGS: Readonly<Record<Locale, Readonly<Record<string, string>>>> = { en: EN, 'zh-cn': ZH_CN };

export function message(id: MessageId, args?: Record<string, MessageArg>, plural?: boolean): Message {
  return { id, ...(args === undefined ? {} : { args }), ...(plural === true ? { plural } : {}) };
}

/** Whether the catalog has a message of that ID (for IDs made from a code, as `hint.eci.<code>`). */
export function isMessageId(id: string): id is MessageId {
  return Object.prototype.hasOwnProperty.call(EN, id);
}

/** The IDs of the catalog that start with `prefix`, in the catalog's order. */
export function messageIds(prefix: string): MessageId[] {
  return (Object.keys(EN) as MessageId[]).filter((id) => id.startsWith(prefix));
}

/**
 * A message's text cut at its `{name}` places, once per language and message: the explorer says its rows' hover
 * lines for every row it compares (10,000 after "Load all"), where a regular expression per line cost 3× the rest.
 * Even indexes hold text, odd ones the names of places.
 */
const PIECES: Readonly<Record<Locale, Map<string, readonly string[]>>> = { en: new Map(), 'zh-cn': new Map() };

function piecesOf(id: MessageId, locale: Locale): readonly string[] {
  let pieces = PIECES[locale].get(id);
  if (pieces === undefined) {
    pieces = (CATALOGS[locale][id] ?? EN[id]).split(/\{(\w+)\}/);
    PIECES[locale].set(id, pieces);
  }
  return pieces;
}

/** A message in a language; a key the language lacks falls back to the English. */
export function say(what: Message, locale: Locale = 'en'): string {
  const pieces = piecesOf(what.id, locale);
  let text = pieces[0] ?? '';
  for (let i = 1; i < pieces.length; i += 2) {
    const name = pieces[i] ?? '';
    const arg = what.args?.[name];
    text += arg === undefined ? `{${name}}` : typeof arg === 'object' ? say(arg, locale) : String(arg);
    text += pieces[i + 1] ?? '';
  }
  return what.plural === true && locale === 'en' && !text.endsWith('s') ? `${text}s` : text;
}

/** Full-width punctuation that closes a Chinese sentence or clause: what follows it takes no space. */
const FULL_WIDTH_END = /[\u3001\u3002\uff01\uff09\uff0c\uff1a\uff1b\uff1f\u300d\u300f\u3011]$/;

/**
 * Sentences said one after another: a space between them, as English writes them, but none after a Chinese sentence's
 * full-width end ("已删除。请重试。", not "已删除。 请重试。"). Empty ones are left out.
 */
export function joinSentences(...sentences: readonly string[]): string {
  let text = '';
  for (const sentence of sentences) {
    if (sentence === '') continue;
    text += text === '' || FULL_WIDTH_END.test(text) ? sentence : ` ${sentence}`;
  }
  return text;
}

/** An error whose text is a message of the catalog: its `message` the English, `said` to say it in another language. */
export class MessageError extends Error {
  constructor(
    readonly said: Message,
    options?: ErrorOptions,
  ) {
    super(say(said), options);
  }
}

/** "3 groups", "1 group": a count with its noun, from the catalog's `<id>.one` and `<id>.many`. */
export function countMessage(n: number, id: CountedId): Message {
  return n === 1 ? message(`${id}.one`) : message(`${id}.many`, { count: n });
}

/** Counts said one after another, " · " between them (as the explorer's rows do): at most four. */
export function countsMessage(parts: readonly (Message | undefined)[]): Message {
  const said = parts.filter((p): p is Message => p !== undefined);
  const places = ['a', 'b', 'c', 'd'] as const;
  const args: Record<string, MessageArg> = {};
  said.slice(0, 4).forEach((part, i) => (args[places[i] ?? 'd'] = part));
  const ids = ['list.1', 'list.2', 'list.3', 'list.4'] as const;
  return message(ids[Math.min(said.length, 4) - 1] ?? 'list.1', args);
}

/** The IDs of counted nouns: those with a `.one` and a `.many` message. */
type CountedId = CountedOf<MessageId>;
type CountedOf<K> = K extends `${infer Base}.one` ? (`${Base}.many` extends MessageId ? Base : never) : never;

/**
 * The language of a locale tag as VS Code (`zh-cn`), a browser (`zh-CN`) or POSIX (`zh_CN.UTF-8`) writes it:
 * 简体中文 for Chinese other than the traditional script's (Taiwan, Hong Kong, Macao, `zh-Hant`), else English.
 */
export function localeOf(tag: string | undefined): Locale {
  const normalized = (tag ?? '')
    .toLowerCase()
    .replace(/[.@].*$/, '')
    .replace(/_/g, '-');
  if (!/^zh(-|$)/.test(normalized)) return 'en';
  return /^zh-(tw|hk|mo|hant)(-|$)/.test(normalized) ? 'en' : 'zh-cn';
}

/** The language of a command line's environment, as POSIX orders it: LC_ALL, then LC_MESSAGES, then LANG. */
export function localeOfEnvironment(env: Readonly<Record<string, string | undefined>>): Locale {
  const tag = [env['LC_ALL'], env['LC_MESSAGES'], env['LANG']].find((v) => v !== undefined && v !== '');
  return localeOf(tag);
}
