import type { EciClient } from './client';
import { describeRegions } from './operations';
import { LoadedOnDemand } from '../explorer/reloader';

/** The regions an ECI profile can use (DescribeRegions), kept like a region's data: loaded once, reloaded in place. */
export class EciRegionList extends LoadedOnDemand {
  ids: string[] = [];
  /** The last failure, shown in place of the regions; cleared by the next success. */
  error: unknown;

  constructor(private readonly client: () => Promise<EciClient>) {
    super();
  }

  protected async load(): Promise<void> {
    try {
      this.ids = (await describeRegions(await this.client())).Regions.map((r) => r.RegionId);
      this.error = undefined;
    } catch (error) {
      this.ids = [];
      this.error = error;
    }
    this.loaded = true;
  }
}
