import type { ExtensionServices } from '../../services';
import { MetricsPanel } from '../../webviews/metrics-panel';
import { groupTargets } from './group-target';

/** ECI: Show Metrics — a group's CPU, memory and network charts in a panel. Returns the panel (for tests). */
export async function showMetrics(services: ExtensionServices, ...args: unknown[]): Promise<MetricsPanel | undefined> {
  const [target] = await groupTargets(services, args, false);
  if (target === undefined) return undefined;
  const panel = new MetricsPanel(
    {
      client: target.client,
      regionId: target.regionId,
      containerGroupId: target.group.ContainerGroupId,
      groupName: target.group.ContainerGroupName ?? target.group.ContainerGroupId,
    },
    services.context.extensionUri,
  );
  services.context.subscriptions.push(panel);
  return panel;
}
