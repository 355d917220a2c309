import type * as vscode from 'vscode';
import { describeEndpoint, endpointTypeOf } from '../../../eci/endpoints';
import type { ContainerGroup } from '../../../eci/records';
import type { EciRegionState } from '../../../eci/region-state';
import type { ProviderView } from '../../provider-views';
import { FolderNode } from '../folder-node';
import { LoadMoreNode } from './load-more-node';
import { MessageNode } from '../message-node';
import { childId } from '../tree-node';
import type { TreeNode } from '../tree-node';
import { GroupNode } from './group-node';
import { ImageCacheNode } from './image-cache-node';
import { DataCacheNode } from './data-cache-node';
import { RegionFolderNode } from './region-folder-node';
import { VirtualNodeNode } from './virtual-node-node';

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
      // The summary is read when the row is drawn: a poll that redraws the row shows the new count.
      (group) =>
        new GroupNode(node.profile, node.regionId, group, node, {
          get summary() {
            return state.events(group.ContainerGroupId);
          },
          load: () => state.loadEvents(group.ContainerGroupId),
        }),
    );
    const more = state.hasMore
      ? [new LoadMoreNode(node.id, node.profile.id, node.regionId, state.groups.length, state.total)]
      : [];
    const caches = state.imageCaches;
    const folderId = childId(node.id, 'image-caches');
    const imageCaches = new FolderNode(
      node.id,
      'image-caches',
      'Image caches',
      'database',
      () =>
        Promise.resolve(
          caches.length === 0
            ? [new MessageNode(folderId, 'No image caches', 'info')]
            : caches.map((cache) => new ImageCacheNode(folderId, node.profile, node.regionId, cache)),
        ),
      caches.length === 0 ? undefined : String(caches.length),
    );
    const dataCachesId = childId(node.id, 'data-caches');
    const dataCaches = new RegionFolderNode(
      node.id,
      node.profile,
      node.regionId,
      'data-caches',
      'Data caches',
      'archive',
      () =>
        Promise.resolve(
          state.dataCachesError !== undefined
            ? [MessageNode.fromError(dataCachesId, state.dataCachesError)]
            : state.dataCaches.length === 0
              ? [new MessageNode(dataCachesId, 'No data caches', 'info')]
              : state.dataCaches.map((cache) => new DataCacheNode(dataCachesId, node.profile, node.regionId, cache)),
        ),
      state.dataCaches.length === 0 ? undefined : String(state.dataCaches.length),
    );
    const virtualNodesId = childId(node.id, 'virtual-nodes');
    const virtualNodes = new RegionFolderNode(
      node.id,
      node.profile,
      node.regionId,
      'virtual-nodes',
      'Virtual nodes',
      'server-environment',
      () =>
        Promise.resolve(
          state.virtualNodesError !== undefined
            ? [MessageNode.fromError(virtualNodesId, state.virtualNodesError)]
            : state.virtualNodes.length === 0
              ? [new MessageNode(virtualNodesId, 'No virtual nodes', 'info')]
              : state.virtualNodes.map((n) => new VirtualNodeNode(virtualNodesId, node.profile, node.regionId, n)),
        ),
      state.virtualNodes.length === 0 ? undefined : String(state.virtualNodes.length),
    );
    return [
      ...(groups.length === 0 ? [new MessageNode(node.id, 'No container groups', 'info')] : groups),
      ...more,
      imageCaches,
      dataCaches,
      virtualNodes,
    ];
  },
};
