/** A region the poller can watch, of either provider (EciRegionState for ECI, JdcloudRegionState for JD Cloud). */
export interface PolledRegion {
  /** Something in it is on its way to another state. */
  readonly isTransitional: boolean;
  /** Asks about the moving things only; what changed, or undefined when nothing did. */
  pollTransitional(): Promise<unknown>;
}

/** What a region's poll says changed. */
export type PolledChange<Region extends PolledRegion> = NonNullable<Awaited<ReturnType<Region['pollTransitional']>>>;

/**
 * Auto-refresh that costs nothing when nothing moves: it polls only regions with a group, cache or container in a
 * transitional state (Pending, Scheduling, Restarting, stopping, …), asks only about those, and only while the
 * explorer is visible. Hidden, it makes no call at all; with nothing transitional, it does not even keep a timer.
 */
export class TransitionalPoller<Region extends PolledRegion> {
  private shown = false;
  private timer: NodeJS.Timeout | undefined;
  private disposed = false;

  constructor(
    private readonly regions: () => Iterable<Region>,
    private readonly onChange: (region: Region, change: PolledChange<Region>) => void,
    private readonly intervalMs = 3_000,
  ) {}

  /** Whether the explorer can be seen (nothing is polled while it cannot). */
  get visible(): boolean {
    return this.shown;
  }

  setVisible(visible: boolean): void {
    this.shown = visible;
    if (!visible) this.stop();
    else this.poke();
  }

  /** Something may have become transitional (a load, a deploy, a restart): look again after one interval. */
  poke(): void {
    // One timer at a time: pokes in between fold into the tick already scheduled (the debounce).
    if (this.disposed || !this.visible || this.timer !== undefined || !this.anyTransitional()) return;
    this.timer = setTimeout(() => void this.tick(), this.intervalMs);
  }

  get scheduled(): boolean {
    return this.timer !== undefined;
  }

  private anyTransitional(): boolean {
    for (const region of this.regions()) if (region.isTransitional) return true;
    return false;
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    if (!this.visible || this.disposed) return;
    await Promise.all(
      [...this.regions()].map(async (region) => {
        try {
          const change = (await region.pollTransitional()) as PolledChange<Region> | undefined;
          if (change !== undefined && change !== null) this.onChange(region, change);
        } catch {
          // A failed poll is not worth a message: the next one, or the refresh button, tries again.
        }
      }),
    );
    this.poke();
  }

  private stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.disposed = true;
    this.stop();
  }
}
