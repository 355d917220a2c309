/**
 * One load of a piece of the explorer's data at a time. Those who only need it loaded share the load in flight; a
 * reload asked for meanwhile runs after it, so that its answer is newer than the ask. `load` must not reject (the
 * states keep their error to show it).
 */
export class Reloader {
  private running: Promise<void> | undefined;

  constructor(private readonly load: () => Promise<void>) {}

  /** Whether a load is in flight. */
  get busy(): boolean {
    return this.running !== undefined;
  }

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

/**
 * Explorer data loaded once on demand and reloaded in place (a region's groups, its containers, a profile's region
 * list): `load` fills the fields, sets `loaded` and never rejects (a failure is kept to be shown).
 */
export abstract class LoadedOnDemand {
  loaded = false;
  private readonly loader = new Reloader(() => this.load());

  /**
   * Loaded, or its first load in flight: what a reload must load again (a first load begun with a client that a
   * settings change or a stopped emulator has since closed would otherwise end with that client's error, and stay).
   */
  get loadedOrLoading(): boolean {
    return this.loaded || this.loader.busy;
  }

  /** Loaded once; concurrent callers share the one load. */
  ensureLoaded(): Promise<void> {
    return this.loaded ? Promise.resolve() : this.loader.current();
  }

  /** Everything again, in place: until the answer is in, what was loaded stays. */
  reload(): Promise<void> {
    return this.loader.next();
  }

  protected abstract load(): Promise<void>;
}
