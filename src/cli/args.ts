import { nearestNames, orListMessage } from '../core/error-hints';
import type { Locale, Message } from '../core/messages/messages';
import { localeOf, localeOfEnvironment, message, MessageError, say } from '../core/messages/messages';
import { shortText } from './text';

/**
 * A small argument parser: `--name value`, `--name=value`, boolean `--flag`, and positionals; `-h` is `--help` for
 * the commands that have it; a command's one-letter flags (`-f`, `-i`, `-t`, also together: `-it`) when it names
 * them in `shortFlags`. Every command takes `--lang en|zh-cn`, the language of its messages (`commandLocale`).
 */
export class UsageError extends MessageError {
  override readonly name = 'UsageError';
}

export interface ParsedArgs {
  readonly positionals: string[];
  /** The last value of each option. */
  readonly options: Map<string, string>;
  /** Every value of each option, in order (for options that may be repeated). */
  readonly all: Map<string, string[]>;
  readonly flags: Set<string>;
}

export function parseArgs(
  argv: readonly string[],
  valueOptions: readonly string[],
  flagOptions: readonly string[],
  shortFlags: Readonly<Record<string, string>> = {},
): ParsedArgs {
  const values = valueOptions.includes('lang') ? valueOptions : [...valueOptions, 'lang'];
  const positionals: string[] = [];
  const options = new Map<string, string>();
  const all = new Map<string, string[]>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h' && flagOptions.includes('help')) {
      flags.add('help');
      continue;
    }
    if (/^-[A-Za-z]+$/.test(arg) && Object.keys(shortFlags).length > 0) {
      for (const letter of arg.slice(1)) {
        const flag = shortFlags[letter];
        if (flag === undefined)
          throw new UsageError(message('cli.args.unknownOption', { option: shortText(`-${letter}`), hint: '' }));
        flags.add(flag);
      }
      continue;
    }
    if (!arg.startsWith('--') || arg === '--') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (flagOptions.includes(name)) {
      if (eq !== -1) throw new UsageError(message('cli.args.takesNoValue', { name }));
      flags.add(name);
    } else if (values.includes(name)) {
      const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
      if (value === undefined || (eq === -1 && value.startsWith('--')))
        throw new UsageError(message('cli.args.needsValue', { name }));
      options.set(name, value);
      all.set(name, [...(all.get(name) ?? []), value]);
    } else {
      const near = nearestNames(name, [...values, ...flagOptions]).map((option) => `--${option}`);
      throw new UsageError(
        message('cli.args.unknownOption', { option: shortText(`--${name}`), hint: didYouMean(near) }),
      );
    }
  }
  const lang = options.get('lang');
  if (lang !== undefined && !isLanguage(lang)) throw new UsageError(message('cli.args.lang'));
  return { positionals, options, all, flags };
}

/** " Did you mean A or B?" after a sentence, or nothing when there is no near name. */
export function didYouMean(near: readonly string[]): Message | string {
  return near.length > 0 ? message('template.hint.didYouMean', { suggestion: orListMessage(near) }) : '';
}

/** A value --lang takes: English or 简体中文, as a locale tag writes them (en, en-US, zh-cn, zh_CN.UTF-8). */
function isLanguage(tag: string): boolean {
  return localeOf(tag) === 'zh-cn' || /^en([-_.]|$)/i.test(tag);
}

/**
 * The language a command speaks: its `--lang` (before a `--`), else that of the environment (LC_ALL, LC_MESSAGES,
 * LANG). A --lang it does not speak is parseArgs's usage error, said in the environment's language.
 */
export function commandLocale(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): Locale {
  const end = argv.indexOf('--');
  const args = end === -1 ? argv : argv.slice(0, end);
  let lang: string | undefined;
  for (const [i, arg] of args.entries()) {
    if (arg === '--lang') lang = args[i + 1];
    else if (arg.startsWith('--lang=')) lang = arg.slice('--lang='.length);
  }
  return lang !== undefined && isLanguage(lang) ? localeOf(lang) : localeOfEnvironment(env);
}

/**
 * Reports a usage error as a command line should: one line saying what is wrong, one line saying where the options
 * are (the full help is for --help). Returns the exit status of bad usage, 2.
 */
export function usageFailure(
  stderr: (text: string) => void,
  command: string,
  error: UsageError,
  locale: Locale,
): number {
  stderr(`${say(message('cli.usageFailure', { command, problem: error.said }), locale)}\n`);
  return 2;
}
