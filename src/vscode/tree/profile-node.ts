import * as vscode from '../vscode-api';
import { regionsToShow } from '../../explorer/explorer-model';
import type { AnyProvider } from '../../providers/provider';
import { providerFor } from '../../providers/registry';
import { providerView } from '../provider-views';
import { DEFAULT_ROLE_DURATION_SECONDS } from '../../eci/role-settings';
import type { Profile } from '../profiles/profile-store';
import type { ExplorerProvider } from './explorer-provider';
import { MessageNode } from './message-node';
import { RegionNode } from './region-node';
import { profileNodeId } from './tree-node';
import type { TreeNode } from './tree-node';

/**
 * A profile at the root of the explorer, of any provider: its regions, as the provider offers them (ECI asks
 * DescribeRegions) or as a setting pins them. When empty regions are hidden, every region's first page loads in
 * parallel to know which are empty.
 */
export class ProfileNode implements TreeNode {
  readonly id: string;
  readonly provider: AnyProvider;

  constructor(
    readonly profile: Profile,
    private readonly explorer: ExplorerProvider,
  ) {
    this.id = profileNodeId(profile);
    this.provider = providerFor(profile);
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.profile.name, vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(this.profile.kind === 'emulator' ? 'vm' : 'account');
    const view = providerView(this.provider);
    const where = this.profile.kind === 'emulator' ? vscode.l10n.t('local emulator') : this.profile.endpoint;
    item.description = view.namesItself ? [providerTitle(this.provider), where].filter(Boolean).join(' · ') : where;
    item.tooltip = profileTooltip(this.profile, this.provider);
    item.contextValue = `${view.contextPrefix}.profile.${this.profile.kind}`;
    return item;
  }

  async getChildren(): Promise<TreeNode[]> {
    const settings = vscode.workspace.getConfiguration('eci');
    const pinned = providerView(this.provider).pinnedRegions(settings);
    const hideEmpty = settings.get<boolean>('hideEmptyRegions', true);
    let available = pinned;
    if (pinned.length === 0) {
      // The provider's regions are kept in the model (asked again on refresh, before the tree redraws).
      const list = this.explorer.regionList(this.profile);
      await list.ensureLoaded();
      if (list.error !== undefined) return [MessageNode.fromError(this.id, list.error)];
      available = [...list.ids];
    }
    const states = available.map((regionId) => this.explorer.region(this.profile, regionId));
    if (hideEmpty) {
      await Promise.all(states.map((s) => s.ensureLoaded()));
      this.explorer.loaded();
      // One error for the whole profile (a wrong key fails everywhere alike), not one per region.
      const failed = states.find((s) => s.error !== undefined);
      if (
        providerView(this.provider).oneErrorForAllRegions &&
        failed !== undefined &&
        states.every((s) => s.error !== undefined)
      )
        return [MessageNode.fromError(this.id, failed.error)];
    }
    const shown = regionsToShow(
      available,
      pinned,
      (regionId) => states.find((s) => s.regionId === regionId)?.isEmpty === true,
      hideEmpty,
      this.profile.regionId,
    );
    return shown.map(
      (regionId) =>
        new RegionNode(this.profile, this.provider, this.explorer.region(this.profile, regionId), this.explorer, this),
    );
  }
}

/** A profile's hover: its provider, home region and where its calls go (ECI: the public or VPC endpoint). */
export function profileTooltip(profile: Profile, provider: AnyProvider): string {
  const endpoint =
    profile.kind === 'emulator'
      ? vscode.l10n.t('the local emulator')
      : (providerView(provider).endpointOf?.(profile) ?? profile.endpoint ?? vscode.l10n.t('the default endpoint'));
  return [
    `${profile.name} (${providerTitle(provider)})`,
    vscode.l10n.t('Home region: {0}', profile.regionId),
    vscode.l10n.t('Credentials: {0}', credentialsOf(profile)),
    vscode.l10n.t('Endpoint: {0}', endpoint),
  ].join('\n');
}

/** The provider's name (`title` of src/providers/providers.ts), in the display language. */
function providerTitle(provider: AnyProvider): string {
  switch (provider.info.id) {
    case 'eci':
      return vscode.l10n.t('Alibaba Cloud ECI');
    case 'jdcloud':
      return vscode.l10n.t('JD Cloud Native Container');
  }
}

/** Where a profile's keys come from, in a line (never a secret). */
function credentialsOf(profile: Profile): string {
  if (profile.kind === 'emulator') return vscode.l10n.t("the emulator's own key");
  if (profile.kind === 'aliyunCli')
    return vscode.l10n.t(
      '{0}, from the aliyun CLI profile "{1}" (read at each use)',
      profile.imported?.mode ?? vscode.l10n.t('its mode'),
      profile.imported?.profile ?? '',
    );
  const from =
    profile.imported === undefined
      ? vscode.l10n.t('VS Code secret storage')
      : vscode.l10n.t('imported from the aliyun CLI profile "{0}"', profile.imported.profile);
  const role = profile.role;
  if (role === undefined) return vscode.l10n.t('AccessKey ({0})', from);
  return vscode.l10n.t(
    'RAM role {0}, assumed for {1} s at a time by an AccessKey ({2})',
    role.roleArn,
    role.durationSeconds ?? DEFAULT_ROLE_DURATION_SECONDS,
    from,
  );
}
