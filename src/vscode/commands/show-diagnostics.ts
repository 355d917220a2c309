import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { ProviderId } from '../../providers/providers';
import { PROVIDERS } from '../../providers/providers';
import type { ExtensionServices } from '../services';

export interface Diagnostics {
  /** The extension host's heap after a full garbage collection, in MB (all extensions of the host share it). */
  readonly heapUsedMb: number;
  readonly rssMb: number;
  /** The regions and workloads (container groups, containers) the explorer holds, per provider. */
  readonly held: Partial<Record<ProviderId, { readonly regions: number; readonly workloads: number }>>;
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
  const diagnostics: Diagnostics = {
    heapUsedMb: memory.heapUsed / 1024 / 1024,
    rssMb: memory.rss / 1024 / 1024,
    held: services.explorer.model.held(),
    logViews: services.logStatus.following(),
  };
  const held = Object.entries(diagnostics.held).map(
    ([id, counts]) =>
      `${PROVIDERS[id as ProviderId].short}: ${counts.workloads} ${PROVIDERS[id as ProviderId].workloads} in ${counts.regions} regions`,
  );
  services.log.info(
    `Diagnostics: heap ${diagnostics.heapUsedMb.toFixed(1)} MB, resident ${diagnostics.rssMb.toFixed(1)} MB, loaded ${held.length > 0 ? held.join(', ') : 'nothing'}, ${diagnostics.logViews} log views following`,
  );
  services.log.show(true);
  return diagnostics;
}
