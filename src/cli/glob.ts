import { readdirSync, realpathSync, statSync } from 'node:fs';
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

/**
 * Every entry under `dir` that is not a directory (a pipe or a device too: the reader refuses those by name). An
 * explicit stack, not recursion, so that a deep tree cannot overflow it; a directory reached again through a
 * symbolic link (a link to a parent makes a cycle) is walked once; entries that cannot be looked at are skipped.
 */
function* walk(dir: string): Generator<string> {
  const walked = new Set<string>();
  const stack = [dir];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    let real: string;
    let entries: string[];
    try {
      real = realpathSync(next);
      if (walked.has(real)) continue;
      walked.add(real);
      entries = readdirSync(next);
    } catch {
      continue;
    }
    for (const name of entries) {
      if (name === 'node_modules' || name === '.git') continue;
      const path = join(next, name);
      let stats;
      try {
        stats = statSync(path, { throwIfNoEntry: false });
      } catch {
        continue; // a link loop (ELOOP), a name too long, no permission
      }
      if (stats === undefined) continue;
      if (stats.isDirectory()) stack.push(path);
      else yield path;
    }
  }
}
