/**
 * The explorer's data, region by region per profile, kept between renders so that expanding a node does not call the
 * API again; dropped per profile (or all) to load afresh. One map for either provider's region state.
 */
export class RegionMap<State, Client> {
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

  /** Drops what is known (of one profile, or of all): the next render loads afresh. */
  forget(profileId?: string): void {
    if (profileId === undefined) this.regions.clear();
    else for (const key of [...this.regions.keys()]) if (key.startsWith(`${profileId}/`)) this.regions.delete(key);
  }
}
