import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { ExtensionServices } from '../services';

export interface Diagnostics {
  /** The extension host's heap after a full garbage collection, in MB (all extensions of the host share it). */
  readonly heapUsedMb: number;
  readonly rssMb: number;
  readonly regions: number;
  readonly groups: number;
  /** JD Cloud Native Container regions and containers loaded. */
  readonly jdcloudRegions: number;
  readonly jdcloudContainers: number;
  readonly logViews: number;
}

/** A full garbage collection, so that the heap figure is what is really held (V8's gc, made reachable for this one call). */
function collectGarbage(): void {
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    if (typeof gc === 'function') (gc as () => void)();
  } catch {
    // Without it the figure includes garbage not yet collected; still useful.
  }
}

/**
 * ECI: Show Diagnostics — what the extension holds, for a bug report or a memory measurement: the extension host's
 * heap and resident memory, the regions and container groups loaded in the explorer, the log views following.
 * Written to the ECI log (never a secret: no profile detail beyond counts) and returned.
 */
export function showDiagnostics(services: ExtensionServices): Diagnostics {
  collectGarbage();
  const memory = process.memoryUsage();
  const regions = [...services.explorer.model.all()];
  const jdcloudRegions = [...services.explorer.jdcloudModel.all()];
  const diagnostics: Diagnostics = {
    heapUsedMb: memory.heapUsed / 1024 / 1024,
    rssMb: memory.rss / 1024 / 1024,
    regions: regions.length,
    groups: regions.reduce((sum, region) => sum + region.groups.length, 0),
    jdcloudRegions: jdcloudRegions.length,
    jdcloudContainers: jdcloudRegions.reduce((sum, region) => sum + region.containers.length, 0),
    logViews: services.logStatus.following(),
  };
  services.log.info(
    `Diagnostics: heap ${diagnostics.heapUsedMb.toFixed(1)} MB, resident ${diagnostics.rssMb.toFixed(1)} MB, ${diagnostics.regions} regions and ${diagnostics.groups} container groups loaded, ${diagnostics.jdcloudContainers} Native Containers in ${diagnostics.jdcloudRegions} regions, ${diagnostics.logViews} log views following`,
  );
  services.log.show(true);
  return diagnostics;
}
