import { nearestNames, orList } from '../core/error-hints';
import { shortText } from './text';

/**
 * A small argument parser: `--name value`, `--name=value`, boolean `--flag`, and positionals; `-h` is `--help` for
 * the commands that have it; a command's one-letter flags (`-f`, `-i`, `-t`, also together: `-it`) when it names
 * them in `shortFlags`.
 */
export class UsageError extends Error {
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
        if (flag === undefined) throw new UsageError(`Unknown option ${shortText(`-${letter}`)}.`);
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
      if (eq !== -1) throw new UsageError(`--${name} takes no value.`);
      flags.add(name);
    } else if (valueOptions.includes(name)) {
      const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
      if (value === undefined || (eq === -1 && value.startsWith('--')))
        throw new UsageError(`--${name} needs a value.`);
      options.set(name, value);
      all.set(name, [...(all.get(name) ?? []), value]);
    } else {
      const near = nearestNames(name, [...valueOptions, ...flagOptions]).map((option) => `--${option}`);
      throw new UsageError(
        `Unknown option ${shortText(`--${name}`)}.${near.length > 0 ? ` Did you mean ${orList(near)}?` : ''}`,
      );
    }
  }
  return { positionals, options, all, flags };
}

/**
 * Reports a usage error as a command line should: one line saying what is wrong, one line saying where the options
 * are (the full help is for --help). Returns the exit status of bad usage, 2.
 */
export function usageFailure(stderr: (text: string) => void, command: string, message: string): number {
  stderr(`eci ${command}: ${message}\nRun "eci ${command} --help" for the options.\n`);
  return 2;
}
