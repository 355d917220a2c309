import { ApiError, invalid } from './api-error';
import type { ContainerInstance, ContainerModel } from './model';
import { plannedExit } from './lifecycle';

/**
 * Deterministic, realistic container output: what a container prints is a pure function of its image, command,
 * instance start and the time, so that any window can be produced again exactly (which log-follower tests rely on).
 * Every 7th second brings a burst of 40 lines within one second, and bursts contain identical consecutive lines.
 */
export interface LogLine {
  /** Whole seconds since the epoch. */
  readonly second: number;
  /** Nanoseconds within that second. */
  readonly nanos: number;
  readonly text: string;
}

const BURST_EVERY = 7;
const BURST_SIZE = 40;

/**
 * How loud a container is: `EMULATOR_LOG_BURST=n` in its environment makes its bursts n lines within one second
 * (tests of the log follower use thousands), and `EMULATOR_LOG_EVERY_SECOND=n` prints n lines in every other second.
 */
export function logShape(container: ContainerModel): { burst: number; steady: number } {
  const env = (key: string): number | undefined => {
    const value = Number(container.EnvironmentVars.find((v) => v.Key === key)?.Value);
    return Number.isInteger(value) && value >= 0 && value <= 100_000 ? value : undefined;
  };
  return { burst: env('EMULATOR_LOG_BURST') ?? BURST_SIZE, steady: env('EMULATOR_LOG_EVERY_SECOND') ?? 1 };
}

function linesInSecond(k: number, shape: { burst: number; steady: number } = { burst: BURST_SIZE, steady: 1 }): number {
  if (k === 0) return 3;
  return k % BURST_EVERY === 3 ? shape.burst : shape.steady;
}

const PATHS = ['/', '/index.html', '/api/orders', '/api/users/42', '/healthz', '/static/app.js', '/favicon.ico'];

function lineText(container: ContainerModel, k: number, j: number): string {
  const command = [...container.Commands, ...container.Args].join(' ');
  if (k === 0) {
    if (j === 0) return `Starting ${container.Name} from image ${container.Image}`;
    if (j === 1) return command === '' ? 'Running the image entrypoint' : `Running: ${command}`;
    return `${container.Name} is ready`;
  }
  // A duplicated line: the same text twice in a row, as real services often print.
  const jj = j % 10 === 5 ? j - 1 : j;
  if (/nginx|httpd|caddy|web/i.test(container.Image)) {
    const path = PATHS[(k + jj) % PATHS.length] ?? '/';
    return `10.0.${k % 8}.${(jj % 250) + 1} - - "GET ${path} HTTP/1.1" ${jj % 17 === 16 ? 404 : 200} ${512 + ((k * 13 + jj) % 400)} "-" "curl/8.5.0"`;
  }
  if (linesInSecond(k, logShape(container)) > 1) return `[${container.Name}] batch ${k}: processed item ${jj}`;
  return `[${container.Name}] heartbeat ${k}: ok \x1b[32m✓\x1b[0m`;
}

/**
 * The lines of one instance with timestamps in [fromMs, toMs), oldest first, at most `limit` of the newest.
 * `secondMs` is the real length of an emulated second (1000 at speed 1), so a fast clock makes output faster too.
 */
export function instanceLines(
  container: ContainerModel,
  instance: ContainerInstance,
  fromMs: number,
  toMs: number,
  limit: number,
  secondMs = 1000,
): LogLine[] {
  const end = Math.min(toMs, instance.finishedAt ?? toMs);
  const start = Math.max(fromMs, instance.startedAt);
  if (end <= start || limit <= 0) return [];
  const base = instance.startedAt;
  const baseSecond = Math.floor(base / 1000);
  const baseNanos = (base % 1000) * 1e6;
  const collected: LogLine[] = [];
  const exit = instance.finishedAt !== undefined ? (instance.exitCode ?? plannedExit(container)) : undefined;
  if (
    exit !== undefined &&
    instance.finishedAt !== undefined &&
    instance.finishedAt - 1 >= start &&
    instance.finishedAt - 1 < end + 1
  ) {
    const at = instance.finishedAt - 1;
    collected.push({
      second: Math.floor(at / 1000),
      nanos: (at % 1000) * 1e6 + 999_999,
      text: `${container.Name} exiting with code ${exit}`,
    });
  }
  // Walk back from the newest emulated second, so that a tail costs what it returns, not the container's age.
  const lastK = Math.floor((end - base) / secondMs);
  const shape = logShape(container);
  for (let k = lastK; k >= 0 && collected.length < limit; k--) {
    if (base + (k + 1) * secondMs <= start) break;
    const count = linesInSecond(k, shape);
    for (let j = count - 1; j >= 0 && collected.length < limit; j--) {
      // Nanoseconds after the instance start; exact in a double for any realistic age.
      const offsetNs = Math.floor((k + (j + 1) / (count + 1)) * secondMs * 1e6);
      const total = baseNanos + offsetNs;
      const second = baseSecond + Math.floor(total / 1e9);
      const nanos = total % 1e9;
      const ms = second * 1000 + Math.floor(nanos / 1e6);
      if (ms < start || ms >= end) continue;
      collected.push({ second, nanos, text: lineText(container, k, j) });
    }
  }
  return collected.reverse();
}

export function rfc3339Nano(line: LogLine): string {
  return `${new Date(line.second * 1000).toISOString().slice(0, 19)}.${String(line.nanos).padStart(9, '0')}Z`;
}

export interface LogQuery {
  readonly tail?: number | undefined;
  readonly sinceSeconds?: number | undefined;
  readonly startTime?: string | undefined;
  readonly limitBytes?: number | undefined;
  readonly timestamps?: boolean | undefined;
}

const MAX_TAIL = 2000;
const MAX_BYTES = 1024 * 1024;

/**
 * DescribeContainerLog's Content for one instance. `captured` holds the real output of a process (with
 * `--runtime process`); otherwise the deterministic output of `instanceLines` is used.
 */
export function logContent(
  container: ContainerModel,
  instance: ContainerInstance | undefined,
  query: LogQuery,
  now: number,
  secondMs = 1000,
  captured?: readonly LogLine[],
): string {
  if (instance === undefined) return '';
  const tail = query.tail ?? 500;
  if (tail < 0 || tail > MAX_TAIL)
    throw new ApiError(400, 'InvalidParameter.ValueExceeded', `Tail must be between 0 and ${MAX_TAIL}; got ${tail}.`);
  let from = 0;
  if (query.sinceSeconds !== undefined) from = Math.max(from, now - query.sinceSeconds * 1000);
  if (query.startTime !== undefined) {
    const at = Date.parse(query.startTime);
    if (Number.isNaN(at)) throw invalid('StartTime', `"${query.startTime}" is not an RFC 3339 time`);
    from = Math.max(from, at);
  }
  const limitBytes = Math.min(query.limitBytes ?? MAX_BYTES, MAX_BYTES);
  const lines =
    captured === undefined
      ? instanceLines(container, instance, from, now, tail, secondMs)
      : capturedWindow(captured, from, now, tail);
  let out = '';
  let bytes = 0;
  for (const line of lines) {
    const text = `${query.timestamps === true ? `${rfc3339Nano(line)} ` : ''}${line.text}\n`;
    const size = Buffer.byteLength(text);
    if (bytes + size > limitBytes) break;
    out += text;
    bytes += size;
  }
  return out;
}

/** The newest `limit` captured lines with timestamps in [fromMs, toMs). */
function capturedWindow(lines: readonly LogLine[], fromMs: number, toMs: number, limit: number): LogLine[] {
  const inWindow = lines.filter((line) => {
    const ms = line.second * 1000 + Math.floor(line.nanos / 1e6);
    return ms >= fromMs && ms < toMs + 1;
  });
  return limit === 0 ? [] : inWindow.slice(-limit);
}
