import type { Stats } from 'node:fs';
import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { ECI_TEMPLATE, JDCLOUD_SPEC, JDCLOUD_SPEC_FILE_NAME } from '../template/dialects';
import { MAX_TEMPLATE_BYTES } from '../template/limits';
import { validateTemplateText } from '../template/validate';
import type { TemplateDiagnostic } from '../template/document';
import type { CommandIO } from './call-command';
import { commandLocale, parseArgs, usageFailure, UsageError } from './args';
import { expandFileArguments } from './glob';
import { boundMessage } from './text';
import type { Locale, Message, MessageId } from '../core/messages/messages';
import { message, say } from '../core/messages/messages';

export const VALIDATE_USAGE = message('cli.usage.validate', {
  mb: MAX_TEMPLATE_BYTES / 1024 / 1024,
  bytes: MAX_TEMPLATE_BYTES,
});

export async function runValidate(argv: readonly string[], io: CommandIO): Promise<number> {
  let files: string[];
  let format: string;
  const locale = commandLocale(argv, io.env);
  try {
    const args = parseArgs(argv, ['format', 'lang'], ['help']);
    if (args.flags.has('help')) {
      io.stdout(say(VALIDATE_USAGE, locale) + '\n');
      return 0;
    }
    format = args.options.get('format') ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(message('cli.validate.format'));
    if (args.positionals.length === 0) throw new UsageError(message('cli.validate.noFile'));
    files = expandFileArguments(args.positionals);
    if (files.length === 0)
      throw new UsageError(message('cli.validate.noMatch', { patterns: args.positionals.join(' ') }));
  } catch (error) {
    if (error instanceof UsageError) {
      return usageFailure(io.stderr, 'validate', error, locale);
    }
    throw error;
  }
  const rows: { file: string; diagnostic: TemplateDiagnostic }[] = [];
  for (const file of files) {
    const read = readTemplateFile(file, MAX_TEMPLATE_BYTES, locale);
    if ('refused' in read) {
      rows.push({ file, diagnostic: read.refused });
      continue;
    }
    const text = read.text;
    const language = /\.jsonc?$/i.test(file) ? 'json' : /\.ya?ml$/i.test(file) ? 'yaml' : undefined;
    // JD Cloud specs are checked against their own schema.
    const dialect = JDCLOUD_SPEC_FILE_NAME.test(file) ? JDCLOUD_SPEC : ECI_TEMPLATE;
    const diagnostics = validateTemplateText(text, language, dialect, locale);
    if (language === undefined && diagnostics.some((d) => d.code === 'syntax' && d.severity === 'error')) {
      // Named neither *.json nor *.yaml and not even readable as either (a README, a Dockerfile): one message that
      // says so, not a syntax error for every line of it.
      rows.push({ file, diagnostic: notJsonOrYaml(diagnostics, locale) });
      continue;
    }
    for (const diagnostic of diagnostics) rows.push({ file, diagnostic });
  }
  // Parser messages may quote the file's text (the yaml package quotes whole paragraphs): one short line at most.
  for (const row of rows) row.diagnostic = { ...row.diagnostic, message: boundMessage(row.diagnostic.message) };
  if (format === 'json') {
    const json = rows.map(({ file, diagnostic: d }) => ({
      file,
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      endLine: d.range.end.line + 1,
      endColumn: d.range.end.character + 1,
      severity: d.severity,
      code: d.code,
      message: d.message,
      path: d.path,
    }));
    io.stdout(JSON.stringify(json, null, 2) + '\n');
  } else {
    for (const { file, diagnostic: d } of rows)
      io.stdout(
        `${file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.code} ${d.message}\n`,
      );
    const errors = rows.filter((r) => r.diagnostic.severity === 'error').length;
    const warnings = rows.filter((r) => r.diagnostic.severity === 'warning').length;
    const count = (n: number, one: 'files' | 'errors' | 'warnings') =>
      n === 1 ? message(`cli.validate.${one}.one`) : message(`cli.validate.${one}.many`, { count: n });
    const summary = message('cli.validate.summary', {
      files: count(files.length, 'files'),
      errors: count(errors, 'errors'),
      warnings: count(warnings, 'warnings'),
    });
    io.stderr(`${say(summary, locale)}\n`);
  }
  return rows.some((r) => r.diagnostic.severity === 'error') ? 1 : 0;
}

/** The one diagnostic of a file that is not JSON or YAML at all, placed at its first syntax error. */
function notJsonOrYaml(diagnostics: readonly TemplateDiagnostic[], locale: Locale): TemplateDiagnostic {
  const first = diagnostics.find((d) => d.code === 'syntax' && d.severity === 'error') ?? diagnostics[0];
  return {
    range: first?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: 'error',
    code: 'not-a-template',
    message: say(
      message('cli.validate.notATemplate', { problem: first?.message ?? message('cli.validate.unreadable') }),
      locale,
    ),
    path: '',
  };
}

export type TemplateFileRead = { readonly text: string } | { readonly refused: TemplateDiagnostic };

const MIB = 1024 * 1024;

/**
 * A file's text, or the one diagnostic that says why it is not read, found before reading it: something that is not
 * a regular file (a named pipe would wait for a writer forever, /dev/zero never ends), or a file over `limit` bytes.
 * The reading itself stops after `limit` bytes whatever the size said, since a file may grow after it was looked at
 * (and files such as those in /proc say they are empty). The diagnostic is said in `locale`.
 */
export function readTemplateFile(path: string, limit = MAX_TEMPLATE_BYTES, locale: Locale = 'en'): TemplateFileRead {
  const refused = (code: string, said: Message): { refused: TemplateDiagnostic } => refusal(code, say(said, locale));
  let fd: number;
  try {
    // Non-blocking: opening a named pipe that no one writes to would otherwise wait before it could be refused.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') return refused('not-a-file', notAFileMessage('cli.validate.kind.directory'));
    // A socket cannot be opened at all (ENXIO): say what it is when the path can be looked at.
    const kind = code === 'ENOENT' ? undefined : kindAt(path);
    if (kind !== undefined) return refused('not-a-file', notAFileMessage(kind));
    return refused(
      'unreadable',
      message('cli.validate.cannotRead', {
        reason: code === 'ENOENT' ? message('cli.validate.noSuchFile') : (error as Error).message,
      }),
    );
  }
  try {
    const stats = fstatSync(fd);
    const kind = fileKind(stats);
    if (kind !== undefined) return refused('not-a-file', notAFileMessage(kind));
    if (stats.size > limit)
      return refused(
        'file-too-large',
        message('cli.validate.tooLarge', { size: (stats.size / MIB).toFixed(1), limit: limit / MIB }),
      );
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(64 * 1024, limit + 1 - total));
      const count = readSync(fd, chunk, 0, chunk.length, null);
      if (count === 0) break;
      chunks.push(chunk.subarray(0, count));
      total += count;
      if (total > limit) return refused('file-too-large', message('cli.validate.grew', { limit: limit / MIB }));
    }
    return { text: Buffer.concat(chunks, total).toString('utf8') };
  } catch (error) {
    return refused('unreadable', message('cli.validate.cannotRead', { reason: (error as Error).message }));
  } finally {
    closeSync(fd);
  }
}

function kindAt(path: string): MessageId | undefined {
  try {
    const stats = statSync(path, { throwIfNoEntry: false });
    return stats === undefined ? undefined : fileKind(stats);
  } catch {
    return undefined;
  }
}

/** What a file system entry is when it is not a regular file, in words; undefined for a regular file. */
function fileKind(stats: Stats): MessageId | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return 'cli.validate.kind.directory';
  if (stats.isFIFO()) return 'cli.validate.kind.fifo';
  if (stats.isSocket()) return 'cli.validate.kind.socket';
  if (stats.isCharacterDevice()) return 'cli.validate.kind.characterDevice';
  if (stats.isBlockDevice()) return 'cli.validate.kind.blockDevice';
  return 'cli.validate.kind.other';
}

function notAFileMessage(kind: MessageId): Message {
  return message('cli.validate.notAFile', { kind: message(kind) });
}

function refusal(code: string, message: string): { refused: TemplateDiagnostic } {
  return {
    refused: {
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      severity: 'error',
      code,
      message,
      path: '',
    },
  };
}
