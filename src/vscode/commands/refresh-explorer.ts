import type { ExtensionServices } from '../services';

/**
 * ECI: Refresh — reloads the explorer on demand. Resolves once the new data is in and the tree has been told what
 * changed (until then the tree shows the old rows).
 */
export function refreshExplorer(services: ExtensionServices): Promise<void> {
  services.log.debug('Explorer refresh requested');
  services.clients.reset();
  return services.explorer.refresh();
}
