import type { JdcloudClient } from '../jdcloud/client';
import type { NativeContainer, NativeSecret } from '../jdcloud/operations';
import { describeContainers, describeSecrets } from '../jdcloud/operations';
import { NATIVE_TRANSITIONAL } from '../providers/providers';
import { RegionMap } from './region-map';

/** The most containers the explorer lists in a region (pages of 100, the API's largest). */
export const NATIVE_LIST_LIMIT = 1000;

/**
 * What the explorer knows of one region of a Native Container profile: its containers (every page, up to a
 * thousand) and its registry secrets. Free of `vscode`, like RegionState for ECI; the tree nodes only render it.
 */
export class NativeRegionState {
  containers: NativeContainer[] = [];
  secrets: NativeSecret[] = [];
  total = 0;
  error: unknown;
  loaded = false;
  private loading: Promise<void> | undefined;

  constructor(
    readonly regionId: string,
    private readonly client: () => Promise<JdcloudClient>,
  ) {}

  /** Neither containers nor secrets: a region the explorer may hide. */
  get isEmpty(): boolean {
    return this.loaded && this.error === undefined && this.containers.length === 0 && this.secrets.length === 0;
  }

  /** Some container is on its way to another state: worth looking again soon. */
  get isTransitional(): boolean {
    return this.containers.some((c) => NATIVE_TRANSITIONAL.has(c.status));
  }

  ensureLoaded(): Promise<void> {
    if (this.loaded) return Promise.resolve();
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async load(): Promise<void> {
    try {
      const client = await this.client();
      const containers: NativeContainer[] = [];
      let total = 0;
      for (let pageNumber = 1; containers.length < NATIVE_LIST_LIMIT; pageNumber++) {
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
      this.error = error;
    }
    this.loaded = true;
  }
}

/** Native Container regions by profile (the explorer's model for the second provider). */
export class NativeExplorerModel extends RegionMap<NativeRegionState, () => Promise<JdcloudClient>> {
  constructor() {
    super((regionId, client) => new NativeRegionState(regionId, client));
  }
}
