import type { JdcloudClient } from './client';
import type { JdcloudContainer, JdcloudSecret } from './operations';
import { describeContainers, describeSecrets } from './operations';
import { LoadedOnDemand } from '../explorer/reloader';
import type { Message } from '../core/messages/messages';
import { countMessage, countsMessage, say } from '../core/messages/messages';

/** JD Cloud's states on the way to another: the explorer looks again until they settle. */
export const JDCLOUD_TRANSITIONAL: ReadonlySet<string> = new Set([
  'pending',
  'starting',
  'stopping',
  'rebuilding',
  'deleting',
]);

/** The most containers the explorer lists in a region (pages of 100, the API's largest). */
export const JDCLOUD_LIST_LIMIT = 1000;

/** What a poll of a region's moving containers changed: some containers' rows, or the region as a whole. */
export interface JdcloudRegionChange {
  readonly containers: readonly string[];
  readonly whole: boolean;
}

/**
 * What the explorer knows of one region of a Native Container profile: its containers (every page, up to a
 * thousand) and its registry secrets. Free of `vscode`, like EciRegionState for ECI; the tree nodes only render it.
 */
export class JdcloudRegionState extends LoadedOnDemand {
  containers: JdcloudContainer[] = [];
  secrets: JdcloudSecret[] = [];
  total = 0;
  error: unknown;

  constructor(
    readonly regionId: string,
    private readonly client: () => Promise<JdcloudClient>,
  ) {
    super();
  }

  /** Neither containers nor secrets: a region the explorer may hide. */
  get isEmpty(): boolean {
    return this.loaded && this.error === undefined && this.containers.length === 0 && this.secrets.length === 0;
  }

  /** What the region's row says: its containers, and its secrets when it has some. */
  get summary(): string | undefined {
    const said = this.summarySaid;
    return said === undefined ? undefined : say(said);
  }

  get summarySaid(): Message | undefined {
    if (!this.loaded || this.error !== undefined) return undefined;
    const secrets = this.secrets.length;
    return countsMessage([
      countMessage(this.total, 'region.containers'),
      secrets > 0 ? countMessage(secrets, 'region.secrets') : undefined,
    ]);
  }

  /** Some container is on its way to another state: worth looking again soon. */
  get isTransitional(): boolean {
    return this.containers.some((c) => JDCLOUD_TRANSITIONAL.has(c.status));
  }

  /**
   * Asks again about the containers on their way somewhere only (by ID, 100 a call); says what the tree shows that
   * changed: some containers (the tree redraws just those rows), or the region as a whole (a container gone);
   * undefined when nothing did. A container that is gone is removed.
   */
  async pollTransitional(): Promise<JdcloudRegionChange | undefined> {
    const ids = this.containers.filter((c) => JDCLOUD_TRANSITIONAL.has(c.status)).map((c) => c.containerId);
    if (ids.length === 0) return undefined;
    const client = await this.client();
    const changed: string[] = [];
    let whole = false;
    for (let i = 0; i < ids.length; i += 100) {
      const batch = ids.slice(i, i + 100);
      const fresh = await describeContainers(client, this.regionId, {
        pageSize: 100,
        filters: [{ name: 'containerId', values: batch }],
      });
      const byId = new Map(fresh.containers.map((c) => [c.containerId, c]));
      const before = this.containers.length;
      this.containers = this.containers.flatMap((c) => {
        if (!batch.includes(c.containerId)) return [c];
        const next = byId.get(c.containerId);
        if (next === undefined) return [];
        if (JSON.stringify(next) !== JSON.stringify(c)) changed.push(c.containerId);
        return [next];
      });
      if (this.containers.length !== before) {
        this.total = Math.max(0, this.total - (before - this.containers.length));
        whole = true;
      }
    }
    if (whole) return { containers: [], whole: true };
    return changed.length > 0 ? { containers: changed, whole: false } : undefined;
  }

  protected async load(): Promise<void> {
    try {
      const client = await this.client();
      const containers: JdcloudContainer[] = [];
      let total = 0;
      for (let pageNumber = 1; containers.length < JDCLOUD_LIST_LIMIT; pageNumber++) {
        const page = await describeContainers(client, this.regionId, { pageNumber, pageSize: 100 });
        containers.push(...page.containers);
        total = page.totalCount;
        if (page.containers.length < 100 || containers.length >= total) break;
      }
      const secrets = await describeSecrets(client, this.regionId, { pageSize: 100 });
      this.containers = containers;
      this.total = total;
      this.secrets = secrets.secrets;
      this.error = undefined;
    } catch (error) {
      this.containers = [];
      this.total = 0;
      this.secrets = [];
      this.error = error;
    }
    this.loaded = true;
  }
}
