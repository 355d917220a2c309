import type { ExtensionServices } from '../services';

/** ECI: Refresh — reloads the explorer on demand. */
export function refreshExplorer(services: ExtensionServices): void {
  services.log.debug('Explorer refresh requested');
  services.clients.reset();
  services.explorer.refresh();
}
