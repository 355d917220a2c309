import * as vscode from './vscode-api';
import { displayLocale } from './display-locale';
import { ECI_PROVIDER } from '../eci/provider';
import { EciRegionState } from '../eci/region-state';
import type { Announcement, AnnouncementKind } from '../eci/status-watch';
import { ANNOUNCEMENT_KINDS, StatusWatch } from '../eci/status-watch';
import { providerFor } from '../providers/registry';
import { say } from '../core/messages/messages';
import type { Profile } from './profiles/profile-store';
import type { ExtensionServices } from './services';
import { ContainerNode } from './tree/eci/container-node';
import { GroupNode } from './tree/eci/group-node';

const MIN_INTERVAL_SECONDS = 5;
/** Statuses a group does not leave by itself: nothing to watch for until someone restarts it. */
const ENDED: ReadonlySet<string> = new Set(['Succeeded', 'Failed', 'Expired']); // l10n-ignore: statuses the API sends

/**
 * Says in a notification when a group the explorer holds fails, restarts, is OOM-killed or finishes, while the person
 * works elsewhere. Every `eci.notifications.intervalSeconds` while the window has focus, one
 * DescribeContainerGroupStatus call per 20 held groups of each ECI profile's loaded regions; nothing while the
 * window is in the background, and one check at once when it comes back. What changed is worked out in
 * src/eci/status-watch.ts; the notification goes through the prompter, so tests see it and click its buttons.
 */
export class StatusNotifier implements vscode.Disposable {
  private readonly watch = new StatusWatch();
  private readonly subscriptions: vscode.Disposable[];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private checking = false;
  /** When the last check started (0: never). */
  private lastCheck = 0;
  private disposed = false;
  /** The last failure of each place, said once in the log rather than at every check. */
  private readonly failures = new Map<string, string>();

  constructor(private readonly services: ExtensionServices) {
    this.subscriptions = [
      vscode.window.onDidChangeWindowState((state) => (state.focused ? this.checkNow() : this.stop())),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('eci.notifications')) this.schedule();
      }),
    ];
    this.schedule();
  }

  dispose(): void {
    this.disposed = true;
    this.stop();
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  private get settings(): { enabled: boolean; intervalMs: number; kinds: ReadonlySet<AnnouncementKind> } {
    const settings = vscode.workspace.getConfiguration('eci.notifications');
    const seconds = settings.get<number>('intervalSeconds', 30);
    const kinds = settings.get<string[]>('events', [...ANNOUNCEMENT_KINDS]);
    return {
      enabled: settings.get<boolean>('enabled', true),
      intervalMs: Math.max(MIN_INTERVAL_SECONDS, Number.isFinite(seconds) ? seconds : 30) * 1000,
      kinds: new Set(ANNOUNCEMENT_KINDS.filter((kind) => kinds.includes(kind))),
    };
  }

  private stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** The next check after one interval, when enabled and focused (a check under way schedules its own next). */
  private schedule(): void {
    this.stop();
    if (this.disposed || this.checking || !vscode.window.state.focused || !this.settings.enabled) return;
    this.timer = setTimeout(() => void this.run(), this.settings.intervalMs);
  }

  /** Focus is back: a check at once, unless one started moments ago (switching windows back and forth is free). */
  private checkNow(): void {
    if (Date.now() - this.lastCheck < MIN_INTERVAL_SECONDS * 1000) {
      this.schedule();
      return;
    }
    this.stop();
    if (!this.disposed && !this.checking && this.settings.enabled) void this.run();
  }

  private async run(): Promise<void> {
    this.timer = undefined;
    this.checking = true;
    this.lastCheck = Date.now();
    try {
      await this.check();
    } finally {
      this.checking = false;
      this.schedule();
    }
  }

  /**
   * One check of every ECI profile's loaded regions, one place after the other, of the held groups that can still
   * change by themselves (not those that have ended: a restarted one is watched again once the explorer sees it).
   */
  private async check(): Promise<void> {
    const { kinds } = this.settings;
    if (kinds.size === 0) return;
    const places: string[] = [];
    for (const profile of this.services.profiles.all()) {
      if (providerFor(profile) !== ECI_PROVIDER) continue;
      for (const regionId of this.services.explorer.model.loadedRegions(profile.id)) {
        const region = this.services.explorer.region(profile, regionId);
        if (!(region instanceof EciRegionState)) continue;
        const ids = region.groups.filter((g) => !ENDED.has(g.Status)).map((g) => g.ContainerGroupId);
        if (ids.length === 0) continue;
        const place = `${profile.id}/${regionId}`;
        places.push(place);
        try {
          const client = await this.services.clients.of(profile, ECI_PROVIDER);
          const announcements = await this.watch.check(place, client, regionId, ids, kinds);
          this.failures.delete(place);
          for (const announcement of announcements) void this.announce(profile, region, announcement);
          // The tree polls only groups on their way somewhere: the announced ones are read again, by ID, so that
          // their rows say it now (a reload of the region would drop the pages loaded beyond its first).
          if (announcements.length > 0) {
            const change = await region.refreshGroups(announcements.map((a) => a.containerGroupId));
            if (change !== undefined) this.services.explorer.redraw();
          }
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          if (this.failures.get(place) !== message)
            this.services.log.warn(`Status check of ${regionId} (${profile.name}) failed: ${message}`);
          this.failures.set(place, message);
        }
      }
    }
    this.watch.keepOnly(places);
  }

  /**
   * The notification, made from the status answer alone; its buttons run Stream Logs (of the container it is about)
   * or Show Events on the group, found when a button is clicked (the region may have been reloaded meanwhile).
   */
  private async announce(profile: Profile, region: EciRegionState, announcement: Announcement): Promise<void> {
    const severity =
      announcement.kind === 'succeeded' ? 'info' : announcement.kind === 'restarted' ? 'warning' : 'error';
    const showEvents = vscode.l10n.t('Show Events');
    const choice = await this.services.prompter.notify({
      message: say(announcement.said, displayLocale()),
      severity,
      actions: [vscode.l10n.t('Show Logs'), showEvents],
    });
    if (choice === undefined) return;
    const id = announcement.containerGroupId;
    const group =
      region.group(id) ??
      (await ECI_PROVIDER.find(await this.services.clients.of(profile, ECI_PROVIDER), region.regionId, id));
    if (group === undefined) {
      void this.services.prompter.notify({
        message: vscode.l10n.t('{0} ({1}) no longer exists in {2}.', announcement.groupName, id, region.regionId),
        severity: 'info',
        actions: [],
      });
      return;
    }
    const node = this.services.explorer.workloadNode(profile, region.regionId, group);
    if (!(node instanceof GroupNode)) return;
    if (choice === showEvents) {
      await vscode.commands.executeCommand('eci.showEvents', node);
      return;
    }
    const containers = await node.getChildren();
    const container = containers.find((c) => c instanceof ContainerNode && c.container.Name === announcement.container);
    await vscode.commands.executeCommand('eci.streamLogs', container ?? node);
  }
}
