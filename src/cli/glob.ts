import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * File arguments with `*`, `**` and `?` expanded (shells on Windows, and quoted patterns in CI scripts, pass them
 * through unexpanded). A plain path is returned as given, even when it does not exist, so its error is reported.
 */
export function expandFileArguments(patterns: readonly string[], cwd = process.cwd()): string[] {
  const out: string[] = [];
  for (const pattern of patterns) {
    if (!/[*?]/.test(pattern)) {
      out.push(pattern);
      continue;
    }
    const regex = globToRegex(pattern.split(sep).join('/'));
    const base = pattern.split(/[*?]/)[0]?.replace(/[^/]*$/, '') ?? '';
    for (const file of walk(join(cwd, base || '.'))) {
      const rel = relative(cwd, file).split(sep).join('/');
      if (regex.test(rel)) out.push(rel);
    }
  }
  return [...new Set(out)].sort();
}

function globToRegex(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] ?? '';
    if (c === '*' && glob[i + 1] === '*') {
      source += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^(?:\\./)?${source}$`);
}

function* walk(dir: string): Generator<string> {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of entries) {
    if (name === 'node_modules' || name === '.git') continue;
    const path = join(dir, name);
    const stats = statSync(path, { throwIfNoEntry: false });
    if (stats === undefined) continue;
    if (stats.isDirectory()) yield* walk(path);
    else yield path;
  }
}
