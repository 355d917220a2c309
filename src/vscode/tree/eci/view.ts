import type * as vscode from 'vscode';
import { l10n } from '../../vscode-api';
import { describeEndpoint, endpointTypeOf } from '../../../eci/endpoints';
import type { ContainerGroup, ContainerGroupEvent } from '../../../eci/records';
import type { EciRegionState, EventSummary } from '../../../eci/region-state';
import type { ProviderView } from '../../provider-views';
import { FolderNode } from '../folder-node';
import { LoadMoreNode } from './load-more-node';
import { MessageNode } from '../message-node';
import { childId } from '../tree-node';
import type { TreeNode } from '../tree-node';
import type { GroupEvents } from './group-node';
import { GroupNode } from './group-node';
import { ImageCacheNode } from './image-cache-node';
import { DataCacheNode } from './data-cache-node';
import { RegionFolderNode } from './region-folder-node';
import type { RegionNode } from '../region-node';
import { VirtualNodeNode } from './virtual-node-node';

/**
 * A group's events as its region holds them. The summary is read when the row is drawn, so a poll that redraws the
 * row shows the new count. A class rather than an object literal with a getter, which V8 keeps as a hash table: one
 * per group row (10,000 after "Load all").
 */
class HeldEvents implements GroupEvents {
  constructor(
    private readonly state: EciRegionState,
    private readonly containerGroupId: string,
  ) {}

  get summary(): EventSummary {
    return this.state.events(this.containerGroupId);
  }

  load(): Promise<ContainerGroupEvent[]> {
    return this.state.loadEvents(this.containerGroupId);
  }
}

/**
 * ECI in the explorer: a region's container groups, a page of 20 at a time, then its image caches, data caches and
 * virtual nodes, each in a folder.
 */
export const ECI_VIEW: ProviderView<EciRegionState, ContainerGroup> = {
  contextPrefix: 'eci',
  namesItself: false,
  oneErrorForAllRegions: false,
  treeSettings: ['eci.regions'],
  workloadNode: (region, group) => new GroupNode(region.profile, region.regionId, group, region),
  pinnedRegions: (settings: vscode.WorkspaceConfiguration) => settings.get<string[]>('regions', []),
  endpointOf: (profile) => describeEndpoint(profile.regionId, profile.endpoint, endpointTypeOf(profile.endpointType)),

  regionChildren(node, state) {
    if (state.error !== undefined && state.groups.length === 0) return [MessageNode.fromError(node.id, state.error)];
    const groups: TreeNode[] = state.groups.map(
      (group) => new GroupNode(node.profile, node.regionId, group, node, new HeldEvents(state, group.ContainerGroupId)),
    );
    const more = state.hasMore
      ? [new LoadMoreNode(node.id, node.profile.id, node.regionId, state.groups.length, state.total)]
      : [];
    const caches = state.imageCaches;
    const folderId = childId(node.id, 'image-caches');
    const imageCaches = new FolderNode(
      node.id,
      'image-caches',
      l10n.t('Image caches'),
      'database',
      () =>
        Promise.resolve(
          caches.length === 0
            ? [new MessageNode(folderId, l10n.t('No image caches'), 'info')]
            : caches.map((cache) => new ImageCacheNode(folderId, node.profile, node.regionId, cache)),
        ),
      caches.length === 0 ? undefined : String(caches.length),
    );
    const dataCaches = regionFolder(
      node,
      ['data-caches', l10n.t('Data caches'), 'archive'],
      l10n.t('No data caches'),
      () => ({ items: state.dataCaches, error: state.dataCachesError }),
      (folderId, cache) => new DataCacheNode(folderId, node.profile, node.regionId, cache),
    );
    const virtualNodes = regionFolder(
      node,
      ['virtual-nodes', l10n.t('Virtual nodes'), 'server-environment'],
      l10n.t('No virtual nodes'),
      () => ({ items: state.virtualNodes, error: state.virtualNodesError }),
      (folderId, n) => new VirtualNodeNode(folderId, node.profile, node.regionId, n),
    );
    return [
      ...(groups.length === 0 ? [new MessageNode(node.id, l10n.t('No container groups'), 'info')] : groups),
      ...more,
      imageCaches,
      dataCaches,
      virtualNodes,
    ];
  },
};

/**
 * A folder of a region's own things (its kind, label and icon): each as a node, `none`, or why listing them failed.
 * Its children are read when it is opened (a refresh replaces the region's lists); its count when it is made.
 */
function regionFolder<T>(
  region: RegionNode,
  [kind, label, icon]: readonly [string, string, string],
  none: string,
  listed: () => { readonly items: readonly T[]; readonly error: unknown },
  nodeOf: (folderId: string, item: T) => TreeNode,
): RegionFolderNode {
  const folderId = childId(region.id, kind);
  const count = listed().items.length;
  return new RegionFolderNode(
    region.id,
    region.profile,
    region.regionId,
    kind,
    label,
    icon,
    () => {
      const { items, error } = listed();
      return Promise.resolve(
        error !== undefined
          ? [MessageNode.fromError(folderId, error)]
          : items.length === 0
            ? [new MessageNode(folderId, none, 'info')]
            : items.map((item) => nodeOf(folderId, item)),
      );
    },
    count === 0 ? undefined : String(count),
  );
}
