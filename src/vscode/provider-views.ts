import type * as vscode from 'vscode';
import type { AnyProvider, RegionData } from '../providers/provider';
import type { ProviderId } from '../providers/providers';
import type { Profile } from './profiles/profile-store';
import { ECI_VIEW } from './tree/eci/view';
import { JDCLOUD_VIEW } from './tree/jdcloud/view';
import type { RegionNode } from './tree/region-node';
import type { TreeNode } from './tree/tree-node';

/**
 * What each provider shows in VS Code beyond the contract's rows: the extension's side of the provider registry
 * (src/providers/registry.ts). The explorer's shared nodes ask it; nothing else asks which provider it has.
 */
export interface ProviderView<Region extends RegionData, Item = unknown> {
  /** The start of its rows' context values (`eci` → `eci.profile.accessKey`, `eci.region`), for the menus. */
  readonly contextPrefix: string;
  /** Whether the profile row names the provider (ECI's rows say only where they are, as they always did). */
  readonly namesItself: boolean;
  /** The regions a profile of it is pinned to (a setting; empty: every region the provider offers). */
  pinnedRegions(settings: vscode.WorkspaceConfiguration): string[];
  /** What a region shows under it, once loaded: its workloads, more to load, its own folders. */
  regionChildren(node: RegionNode, region: Region): TreeNode[];
  /** A workload's node under a region's (to reveal one, as after a deploy). */
  workloadNode(region: RegionNode, item: Item): TreeNode;
  /**
   * Whether a profile whose every region failed shows one error instead of its regions (a wrong key fails everywhere
   * alike). ECI's regions come from DescribeRegions, which fails first; with pinned regions each keeps its row and
   * menu.
   */
  readonly oneErrorForAllRegions: boolean;
  /** The settings whose change redraws its part of the tree (its pinned regions). */
  readonly treeSettings: readonly string[];
  /** Where a profile's calls go, in words, for its tooltip; the endpoint override (or the default) otherwise. */
  endpointOf?(profile: Profile): string;
}

const VIEWS: Readonly<Record<ProviderId, ProviderView<RegionData>>> = { eci: ECI_VIEW, jdcloud: JDCLOUD_VIEW };

/** Every provider's view, for what concerns them all (the settings that redraw the tree). */
export const PROVIDER_VIEWS: readonly ProviderView<RegionData>[] = Object.values(VIEWS);

export function providerView(provider: AnyProvider): ProviderView<RegionData> {
  return VIEWS[provider.info.id];
}
