/**
 * Following a task of the API until it is over: the read is repeated every `intervalMs` until `isDone` says so,
 * or until `timeoutMs` have passed (the value as it was then is given back, so that the caller can say where it
 * stands), or until the signal aborts (the wait ends at once and the promise rejects with the signal's reason).
 */
export interface PollOptions<T> {
  readonly signal?: AbortSignal | undefined;
  readonly intervalMs?: number | undefined;
  readonly timeoutMs?: number | undefined;
  /** Called with the value whenever what `fingerprint` makes of it changes, the first read included. */
  readonly onChange?: ((value: T) => void) | undefined;
  /** How a pause between reads is made; the unit tests pass one that moves the emulator's clock instead. */
  readonly wait?: ((ms: number, signal: AbortSignal | undefined) => Promise<void>) | undefined;
}

export interface PollResult<T> {
  readonly value: T;
  /** False when the time ran out before the task was over. */
  readonly done: boolean;
}

export const DEFAULT_POLL_INTERVAL_MS = 2_000;

export async function pollUntil<T>(
  read: (signal: AbortSignal | undefined) => Promise<T>,
  isDone: (value: T) => boolean,
  fingerprint: (value: T) => string,
  options: PollOptions<T> = {},
): Promise<PollResult<T>> {
  const interval = options.intervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const deadline = Date.now() + (options.timeoutMs ?? 10 * 60_000);
  const wait = options.wait ?? pause;
  let last: string | undefined;
  for (;;) {
    options.signal?.throwIfAborted();
    const value = await read(options.signal);
    const print = fingerprint(value);
    if (print !== last) options.onChange?.(value);
    last = print;
    if (isDone(value)) return { value, done: true };
    if (Date.now() + interval > deadline) return { value, done: false };
    await wait(interval, options.signal);
  }
}

/** A pause that an abort ends at once; its listener goes with it, so that many pauses do not pile them up. */
export function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(signal.reason as Error);
      return;
    }
    const aborted = (): void => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', aborted);
      resolve();
    }, ms);
    signal?.addEventListener('abort', aborted, { once: true });
  });
}
