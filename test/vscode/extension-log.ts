import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { until } from './until';

/**
 * The extension's log (its "ECI" output channel) as written so far: VS Code keeps it as `<extension id>/ECI.log` in
 * the window's logs folder, under the user data folder beside (code-server) or in (desktop) this host's TMPDIR.
 * A command's closing message is logged as it is shown, which a notification does not let a test read.
 */
export function extensionLog(): string {
  const tmp = process.env.TMPDIR ?? '';
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name === 'ECI.log' && dirname(path).endsWith('eci-tools.vscode-eci')) files.push(path);
    }
  };
  for (const root of [join(dirname(tmp), 'user-data', 'logs'), join(tmp, 'user-data', 'logs')])
    if (existsSync(root)) walk(root);
  assert.ok(files.length > 0, `the extension's log (ECI.log) under the user data folder by ${tmp}`);
  const newest = files.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0] ?? '';
  return readFileSync(newest, 'utf8');
}

/** Waits until the extension has logged the message (text, or a line that matches). */
export const logged = (message: string | RegExp): Promise<true> =>
  until(
    () =>
      (typeof message === 'string' ? extensionLog().includes(message) : message.test(extensionLog()))
        ? true
        : undefined,
    `the log line "${String(message)}"`,
  );

/**
 * A failed API call's line, as either provider's calls are logged: profile, action (a pattern: one of several ways
 * may be taken), error code, request ID.
 */
export function failedCallLine(profile: string, action: RegExp, code: string): RegExp {
  const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(
    `\\[info\\] ${escape(profile)}: (?:${action.source}) → ${escape(code)} in \\d+ ms \\(attempt \\d+, request [\\w-]+\\)`,
  );
}
