/**
 * One load of a piece of the explorer's data at a time. Those who only need it loaded share the load in flight; a
 * reload asked for meanwhile runs after it, so that its answer is newer than the ask. `load` must not reject (the
 * states keep their error to show it).
 */
export class Reloader {
  private running: Promise<void> | undefined;

  constructor(private readonly load: () => Promise<void>) {}

  /** The load in flight, or a new one. */
  current(): Promise<void> {
    return this.running ?? this.next();
  }

  /** A load that starts once the one in flight (if any) is done. */
  next(): Promise<void> {
    const run = (this.running ?? Promise.resolve()).then(() => this.load());
    this.running = run;
    const done = (): void => {
      if (this.running === run) this.running = undefined;
    };
    run.then(done, done);
    return run;
  }
}
