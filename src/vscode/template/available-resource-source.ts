import type { AvailableResources } from '../../eci/available-resources';
import { loadAvailableResources } from '../../eci/available-resources';
import { ECI_PROVIDER } from '../../eci/provider';
import type { ProfileClients } from '../profiles/clients';
import type { ProfileStore } from '../profiles/profile-store';

/** How long a region's answer is reused: what a region sells changes over hours, and it takes many calls to ask. */
const FRESH_MS = 5 * 60_000;
/** Completion never waits longer than this for the network; without an answer it offers the schema's items. */
const WAIT_MS = 2_000;

/**
 * What the active ECI profile's regions sell now, for template completion and availability warnings, per profile
 * and region. Failures (no ECI profile, no network, wrong keys) mean no answer, never an error in the editor: the
 * explorer is where such problems are shown.
 */
export class AvailableResourceSource {
  private readonly cache = new Map<string, { at: number; resources: Promise<AvailableResources | undefined> }>();

  constructor(
    private readonly profiles: ProfileStore,
    private readonly clients: ProfileClients,
  ) {}

  /** The region the editor judges a template by: the one it names, else the active profile's. */
  regionOf(templateRegion: string | undefined): string | undefined {
    return templateRegion ?? this.profiles.active()?.regionId;
  }

  /** The answer for a region, waiting for the network as long as it takes (for the availability warnings). */
  resources(regionId: string | undefined): Promise<AvailableResources | undefined> {
    const profile = this.profiles.active();
    if (profile === undefined) return Promise.resolve(undefined);
    const region = regionId ?? profile.regionId;
    const key = `${profile.id}/${region}`;
    let entry = this.cache.get(key);
    if (entry === undefined || Date.now() - entry.at > FRESH_MS) {
      const made: { at: number; resources: Promise<AvailableResources | undefined> } = {
        at: Date.now(),
        resources: Promise.resolve(undefined),
      };
      made.resources = this.clients
        .of(profile, ECI_PROVIDER)
        .then((client) => loadAvailableResources(client, region))
        .catch(() => {
          // Forgotten so that the next question asks again; only this answer, not a newer one made meanwhile.
          if (this.cache.get(key) === made) this.cache.delete(key);
          return undefined;
        });
      entry = made;
      this.cache.set(key, entry);
    }
    return entry.resources;
  }

  /** The answer if it comes within WAIT_MS (for completion, which must not keep the person waiting). */
  async quickly(regionId: string | undefined): Promise<AvailableResources | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), WAIT_MS)));
    try {
      return await Promise.race([this.resources(regionId), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
