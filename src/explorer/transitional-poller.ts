import type { RegionChange, RegionState } from './region-state';

/**
 * Auto-refresh that costs nothing when nothing moves: it polls only regions with a group or cache in a
 * transitional state (Pending, Scheduling, Restarting, …), asks only about those, and only while the explorer is
 * visible. Hidden, it makes no call at all; with nothing transitional, it does not even keep a timer.
 */
export class TransitionalPoller {
  private shown = false;
  private timer: NodeJS.Timeout | undefined;
  private disposed = false;

  constructor(
    private readonly regions: () => Iterable<RegionState>,
    private readonly onChange: (region: RegionState, change: RegionChange) => void,
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
    for (const region of this.regions()) {
      const { groups, caches } = region.transitional();
      if (groups.length > 0 || caches) return true;
    }
    return false;
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    if (!this.visible || this.disposed) return;
    await Promise.all(
      [...this.regions()].map(async (region) => {
        try {
          const change = await region.pollTransitional();
          if (change !== undefined) this.onChange(region, change);
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
