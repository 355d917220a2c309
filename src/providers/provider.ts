import type { Locale } from '../core/messages/messages';
import type { ErrorHints } from '../core/error-hints';
import type { ExecBackend } from '../core/exec';
import type { LogSource } from '../core/log-follower';
import type { Message } from '../core/messages/messages';
import type { NetworkRoute } from '../core/proxy';
import type { CallEvent } from '../core/transport';
import type { Reloadable } from '../explorer/region-map';
import type { PolledRegion } from '../explorer/transitional-poller';
import type { ProviderInfo } from './providers';

/**
 * The provider contract: what every cloud the extension serves gives the explorer and the shared commands (Stream
 * Logs, Open Terminal, Delete, Describe, Refresh, the profiles), implemented once per provider in its own folder
 * (src/eci/provider.ts, src/jdcloud/provider.ts) and found through one registry (src/providers/registry.ts). Nothing
 * outside a provider's folder and the registries asks which provider it has; what only one provider has (ECI's
 * templates and image caches, JD Cloud's elastic IPs, secrets and quota) is its own commands and tree nodes.
 * See docs/architecture.md, "The provider contract".
 */

/** An AccessKey pair (and an STS token where the provider has them), read when a call is signed. */
export interface AccessKey {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string | undefined;
}

/** What every provider's client is: closed when its profile or the settings change. */
export interface ProviderClient {
  close(): Promise<void>;
}

/** How a profile's client is made: its key, where it calls, and the settings both clients take. */
export interface ClientParams {
  readonly accessKey: () => Promise<AccessKey>;
  /** Where the key came from, for messages: "the local emulator", a profile's name. Never the key. */
  readonly accessKeyOrigin: string;
  /** The provider's default when undefined. */
  readonly endpoint: string | undefined;
  /** ECI's public or VPC endpoint, when no endpoint overrides it; other providers ignore it. */
  readonly endpointType?: 'public' | 'vpc' | undefined;
  /** How API calls and exec sockets connect (the proxy settings); direct when undefined. */
  readonly route?: NetworkRoute | undefined;
  readonly regionId: string;
  readonly timeoutMs: number;
  /** ECI's signature version; providers with one signature ignore it. */
  readonly signatureVersion: 'v1' | 'v3';
  readonly userAgent: string;
  readonly onCall: (event: CallEvent) => void;
}

/** A provider's regions for a profile: ECI asks DescribeRegions; JD Cloud, which has no such call, knows its own. */
export interface RegionList {
  readonly loaded: boolean;
  /** Loaded, or its first load in flight (what a refresh loads again); `loaded` where a list never loads. */
  readonly loadedOrLoading?: boolean;
  readonly ids: readonly string[];
  /** The last failure, shown in place of the regions. */
  readonly error: unknown;
  ensureLoaded(): Promise<void>;
  reload(): Promise<void>;
}

/**
 * What the explorer keeps of one region of one profile between renders: loaded on demand, reloaded in place, and
 * polled while something in it is on its way to another state (src/explorer/transitional-poller.ts).
 */
export interface RegionData extends Reloadable, PolledRegion {
  readonly regionId: string;
  ensureLoaded(): Promise<void>;
  /** The last failure, shown in place of the region's workloads. */
  readonly error: unknown;
  /** Nothing in it: a region the explorer may hide. */
  readonly isEmpty: boolean;
  /** What the region's row says once loaded: "3 groups · 1 image cache". */
  readonly summary: string | undefined;
  /** The same as a catalog message (src/core/messages/), to be said in the display language. */
  readonly summarySaid: Message | undefined;
}

/** A workload as the shared commands see it: ECI's container group, JD Cloud's container. */
export interface Workload {
  readonly id: string;
  readonly name: string;
  /** The provider's own status word ("Running", "running"). */
  readonly status: string;
  /** Its containers' names: several for an ECI group, the container itself for JD Cloud. */
  readonly containers: readonly string[];
  /** Running, so that a terminal can be opened in it. */
  readonly running: boolean;
  /** It is its one container (JD Cloud's): messages and terminals name it alone, not "workload/container". */
  readonly isContainer: boolean;
  /** Its tags (ECI's), by key: the explorer's filter matches them; empty where the provider has none. */
  readonly tags: Readonly<Record<string, string>>;
}

/** What a workload's row in the explorer shows, free of VS Code (src/vscode/tree/workload-node.ts draws it). */
export interface WorkloadRow {
  readonly label: string;
  readonly description: string;
  /** For the status icon, in the form of `statusWord()`. */
  readonly status: string;
  /** The menus' key: `eci.group.running`, `eci.jdcloud.container.stopped.eip`. */
  readonly contextValue: string;
  /** It has rows under it (an ECI group's containers and events). */
  readonly expandable: boolean;
  /** The hover's lines (Markdown), made when the pointer rests on the row; in English unless `locale` says. */
  tooltip(locale?: Locale): string[];
}

/**
 * One provider. `Client` is its API client and `Region` what it keeps of a region; `Item` is its own record of a
 * workload (ECI's ContainerGroup, JD Cloud's container), which its tree nodes and commands read.
 */
export interface Provider<Client extends ProviderClient, Region extends RegionData, Item> {
  readonly info: ProviderInfo;
  /** Plain-language hints for its API's error codes. */
  readonly hints: ErrorHints;
  /** A profile's client (a provider whose signer takes the key itself reads it first). */
  client(params: ClientParams): Promise<Client>;
  regionList(client: () => Promise<Client>): RegionList;
  region(regionId: string, client: () => Promise<Client>): Region;
  /** The workloads of a region as loaded (for the tree), in the API's order. */
  items(region: Region): readonly Item[];
  /** An item as the shared commands see it, and as its row shows it. */
  workload(item: Item): Workload;
  row(item: Item): WorkloadRow;
  /** One workload, asked afresh (a command from automation or the palette); undefined when it does not exist. */
  find(client: Client, regionId: string, id: string, signal?: AbortSignal): Promise<Item | undefined>;
  /** A region's workloads for a pick from the palette (at most `limit`; only running ones when asked). */
  list(
    client: Client,
    regionId: string,
    options: { readonly runningOnly: boolean; readonly limit: number },
  ): Promise<Item[]>;
  /**
   * A workload's logs for the one follower: all its containers, or one. The client is asked for at each call: a
   * view outlives the client it started with (Refresh and a settings change make new ones).
   */
  logSource(client: () => Promise<Client>, regionId: string, item: Item): LogSource;
  /** A shell in one of its containers, for the one terminal (the client asked for at each open, as for logs). */
  execBackend(client: () => Promise<Client>, regionId: string, item: Item, container: string): ExecBackend;
  /** Deletes a workload; the API's request ID when it gives one (for the log). */
  delete(client: Client, regionId: string, item: Item): Promise<string | undefined>;
  /** Live figures for the hover, where the API has them (ECI's CPU and memory); undefined when none. */
  liveTooltip?(client: Client, regionId: string, item: Item): Promise<string | undefined>;
}

/**
 * A provider with its types forgotten, as the registry holds it. Its methods (declared as methods, so compared
 * bivariantly) still take what its own `client()`, `region()`, `find()` and `list()` gave: the explorer and the
 * commands always hand a value back to the provider that made it.
 */
export type AnyProvider = Provider<ProviderClient, RegionData, unknown>;
