import { describeImageCaches } from '../../eci/operations';
import { ECI_PROVIDER } from '../../eci/provider';
import type { ProfileClients } from '../profiles/clients';
import type { ProfileStore } from '../profiles/profile-store';

export interface ImageCacheChoice {
  readonly id: string;
  readonly name: string;
  readonly status: string;
}

/** How long a region's list is reused: completion asks on every keystroke, the account changes far less often. */
const FRESH_MS = 60_000;
/** Completion never waits longer than this for the network; without an answer it offers what it has. */
const WAIT_MS = 2_000;

/**
 * The image caches of the active profile, per region, for template completion. Failures (no profile, no network,
 * wrong keys) mean no suggestions, never an error in the editor: the explorer is where such problems are shown.
 */
export class ImageCacheSource {
  private readonly cache = new Map<string, { at: number; choices: Promise<ImageCacheChoice[]> }>();

  constructor(
    /** Also what the template language's other sources of account data are made from (template-language-features.ts). */
    readonly profiles: ProfileStore,
    readonly clients: ProfileClients,
  ) {}

  async choices(regionId: string | undefined): Promise<ImageCacheChoice[]> {
    const profile = this.profiles.active();
    if (profile === undefined) return [];
    const region = regionId ?? profile.regionId;
    const key = `${profile.id}/${region}`;
    let entry = this.cache.get(key);
    if (entry === undefined || Date.now() - entry.at > FRESH_MS) {
      const choices = this.clients
        .of(profile, ECI_PROVIDER)
        .then((client) => describeImageCaches(client, {}, { regionId: region }))
        .then(({ ImageCaches }) =>
          ImageCaches.map((c) => ({ id: c.ImageCacheId, name: c.ImageCacheName ?? '', status: c.Status })),
        )
        .catch(() => {
          this.cache.delete(key);
          return [];
        });
      entry = { at: Date.now(), choices };
      this.cache.set(key, entry);
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<ImageCacheChoice[]>((resolve) => (timer = setTimeout(() => resolve([]), WAIT_MS)));
    try {
      return await Promise.race([entry.choices, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** After a cache is created or deleted, or the profile changes. */
  forget(): void {
    this.cache.clear();
  }
}
