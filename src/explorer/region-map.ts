/** What the map asks of a region's state: whether it has loaded, and how to load it again. */
export interface Reloadable {
  readonly loaded: boolean;
  /** Loaded, or its first load in flight (what a reload loads again). */
  readonly loadedOrLoading: boolean;
  reload(): Promise<void>;
}

/**
 * The explorer's data, region by region per profile, kept between renders so that expanding a node does not call the
 * API again; reloaded in place (the tree keeps showing the old data until the new is in) or dropped per profile (or
 * all). One map for either provider's region state.
 */
export class RegionMap<State extends Reloadable, Client> {
  private readonly regions = new Map<string, State>();

  constructor(private readonly make: (regionId: string, client: Client) => State) {}

  region(profileId: string, regionId: string, client: Client): State {
    const key = `${profileId}/${regionId}`;
    let state = this.regions.get(key);
    if (state === undefined) {
      state = this.make(regionId, client);
      this.regions.set(key, state);
    }
    return state;
  }

  all(): Iterable<State> {
    return this.regions.values();
  }

  /** The regions of a profile the explorer has loaded (opened), in the order they were first shown. */
  loadedRegions(profileId: string): string[] {
    return [...this.regions]
      .filter(([key, state]) => state.loaded && key.startsWith(`${profileId}/`))
      .map(([key]) => key.slice(profileId.length + 1));
  }

  /**
   * Asks the API again about every region loaded so far (of one profile, or of all), each in place: until its answer
   * is in, a region keeps what it had. Regions never loaded stay so (they load when first shown).
   */
  async reload(profileId?: string): Promise<void> {
    await Promise.all(
      [...this.regions]
        .filter(([key, state]) => state.loadedOrLoading && (profileId === undefined || key.startsWith(`${profileId}/`)))
        .map(([, state]) => state.reload()),
    );
  }

  /** Drops what is known (of one profile, or of all): the next render loads afresh. */
  forget(profileId?: string): void {
    if (profileId === undefined) this.regions.clear();
    else for (const key of [...this.regions.keys()]) if (key.startsWith(`${profileId}/`)) this.regions.delete(key);
  }
}
