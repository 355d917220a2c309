import { spawn } from 'node:child_process';
import { errorSaid } from '../core/errors';
import type { Message, MessageArg } from '../core/messages/messages';
import { message, MessageError } from '../core/messages/messages';
import { eciError } from './error-hints';

/**
 * The aliyun CLI's External mode: a command (`process_command`) that prints credentials as JSON. It is run without a
 * shell, bounded in time and in output, and the whole process group is killed when it overstays (a wrapper script's
 * children too). Its output and its command line are never shown: both may hold a key.
 */

export interface ProcessLimits {
  /** Default 60 s, as @alicloud/credentials. */
  readonly timeoutMs?: number | undefined;
  /** Default 1 MiB: credentials are a few hundred bytes. */
  readonly maxOutputBytes?: number | undefined;
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
}

export const DEFAULT_PROCESS_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;

/**
 * A command line split into its program and arguments as a POSIX shell would (quotes, backslashes), with no
 * expansion; on Windows a backslash is a path's and only `\"` in double quotes an escape (as @alicloud/credentials).
 */
export function splitCommandLine(command: string, windows = process.platform === 'win32'): string[] {
  const args: string[] = [];
  let current = '';
  let started = false;
  let quote: "'" | '"' | undefined;
  const text = command.trim();
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    const next = text.charAt(i + 1);
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else current += c;
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && (windows ? next === '"' : '"\\$`'.includes(next) && next !== '')) {
        current += next;
        i++;
      } else if (c === '\\' && !windows && next === '\n') i++;
      else current += c;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      started = true;
    } else if (c === '\\' && !windows && i + 1 < text.length) {
      if (next !== '\n') current += next;
      started = true;
      i++;
    } else if (/\s/.test(c)) {
      if (started) args.push(current);
      current = '';
      started = false;
    } else {
      current += c;
      started = true;
    }
  }
  if (quote !== undefined) throw new MessageError(message('cred.process.unclosedQuote'));
  if (started) args.push(current);
  if (args.length === 0) throw new MessageError(message('cred.process.empty'));
  return args;
}

/**
 * Runs the command and returns what it printed on stdout, or a CloudError (code `ExternalCredentialsFailed`) that
 * says what went wrong in words of its own (`origin` names the profile).
 */
export function runCredentialProcess(command: string, origin: MessageArg, limits: ProcessLimits = {}): Promise<string> {
  const fail = (what: Message): Error =>
    eciError({ code: 'ExternalCredentialsFailed', message: message('cred.process.failed', { origin, what }) });
  let argv: string[];
  try {
    argv = splitCommandLine(command);
  } catch (error) {
    return Promise.reject(fail(message('cred.process.unreadable', { problem: errorSaid(error) })));
  }
  const [program = '', ...args] = argv;
  const timeoutMs = limits.timeoutMs ?? DEFAULT_PROCESS_TIMEOUT_MS;
  const maxBytes = limits.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  const group = process.platform !== 'win32';
  return new Promise((resolve, reject) => {
    let settled = false;
    const chunks: Buffer[] = [];
    let size = 0;
    const child = spawn(program, args, {
      env: { ...(limits.env ?? process.env) },
      stdio: ['ignore', 'pipe', 'ignore'],
      // Its own process group, so that the command's children go with it when it is killed.
      detached: group,
      windowsHide: true,
    });
    const kill = (): void => {
      try {
        if (group && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // Gone already.
      }
      child.stdout.destroy();
    };
    const finish = (error: Error | undefined, output?: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error !== undefined) {
        kill();
        reject(error);
      } else resolve(output ?? '');
    };
    const timer = setTimeout(
      () => finish(fail(message('cred.process.timeout', { seconds: Math.round(timeoutMs / 1000) }))),
      timeoutMs,
    );
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) finish(fail(message('cred.process.tooLong', { kib: Math.round(maxBytes / 1024) })));
      else chunks.push(chunk);
    });
    child.on('error', (error: NodeJS.ErrnoException) =>
      finish(
        fail(
          error.code === 'ENOENT'
            ? message('cred.process.noProgram', { code: error.code })
            : message('cred.process.notStarted', { code: error.code ?? message('cred.anError') }),
        ),
      ),
    );
    child.on('close', (code, signal) => {
      if (code === 0) finish(undefined, Buffer.concat(chunks).toString('utf8'));
      else
        finish(
          fail(
            code === null
              ? message('cred.process.signal', { signal: signal ?? message('cred.process.aSignal') })
              : message('cred.process.status', { status: code }),
          ),
        );
    });
  });
}
