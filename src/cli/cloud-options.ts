import { homedir } from 'node:os';
import { join } from 'node:path';
import { NetworkRoute, proxySettingsFromEnv } from '../core/proxy';
import { openCredentials } from '../eci/credential-providers';
import type { CredentialSpec, Credentials } from '../eci/credentials';
import { resolveCredentialSpec, specSecrets } from '../eci/credentials';
import { redactCredentials, redactText } from '../eci/redact';
import { listJdcCliProfiles } from '../jdcloud/jdc-cli';
import type { AnyProvider, ProviderClient, Workload } from '../providers/provider';
import type { ProviderId } from '../providers/providers';
import { PROVIDER_REGISTRY } from '../providers/registry';
import type { ParsedArgs } from './args';
import { UsageError } from './args';
import { shortQuote } from './text';
import { message, MessageError } from '../core/messages/messages';

/**
 * What every command that talks to a cloud shares: where the key comes from, where calls go, how they connect (the
 * proxy variables), and, for the commands that act on a workload, which provider and workload.
 */

/**
 * The parts the helps of the commands share: the workload options, --lang, and the proxy and certificate variables
 * (of every command that calls out); a command's usage message has them as `{workload}`, `{lang}`, `{network}`.
 */
export const SHARED_HELP = {
  workload: message('cli.help.workload'),
  lang: message('cli.help.lang'),
  network: message('cli.help.network'),
} as const;

/** The options of the workload commands (logs, exec, port-forward), for parseArgs. */
export const WORKLOAD_VALUE_OPTIONS = ['provider', 'region', 'endpoint', 'profile'] as const;

/** The network route of the proxy variables; an Error (said without the variable's value) when one is not a URL. */
export function routeFromEnv(env: Readonly<Record<string, string | undefined>>): NetworkRoute {
  return new NetworkRoute(proxySettingsFromEnv(env));
}

/** An ECI key from the credential chain, in any of its modes (temporary ones fetched and renewed). */
export interface EciKey {
  /** What the chain found: the mode, where it came from, the profile's region. */
  readonly spec: CredentialSpec;
  /** The key requests are signed with (a role's, a credentials URI's, ... temporary key, renewed before expiry). */
  readonly credentials: () => Promise<Credentials>;
  /** Removes every secret of the spec and of the keys used from text to print. */
  readonly clean: (text: string) => string;
  close(): Promise<void>;
}

export async function resolveEciKey(options: {
  readonly profile: string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly route: NetworkRoute;
  readonly homeDir?: string | undefined;
}): Promise<EciKey> {
  const spec = await resolveCredentialSpec({ profile: options.profile, env: options.env, homeDir: options.homeDir });
  const secrets = specSecrets(spec);
  // A key of the profile's own (a role's source key too, however deep the chain) is masked as well as removed,
  // and so is every key fetched since (an error may quote one that has been renewed already).
  const keys: Credentials[] = [];
  for (let at: CredentialSpec | undefined = spec; at !== undefined; at = at.kind === 'role' ? at.source : undefined)
    if (at.kind === 'key') keys.push(at.credentials);
  const opened = openCredentials(spec, { route: options.route, userAgent: 'eci-cli', env: options.env });
  return {
    spec,
    credentials: async () => {
      const credentials = await opened.credentials();
      if (!keys.some((key) => key.accessKeyId === credentials.accessKeyId)) keys.push(credentials);
      return credentials;
    },
    clean: (text) => keys.reduce((cleaned, key) => redactCredentials(cleaned, key), redactText(text, secrets)),
    close: () => opened.close(),
  };
}

/** ECI's region: the option, the request's RegionId, the environment, the profile's, else cn-hangzhou. */
export function eciRegion(
  explicit: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  profileRegion: string | undefined,
): string {
  return explicit ?? env['ALIBABA_CLOUD_REGION_ID'] ?? env['ALICLOUD_REGION'] ?? profileRegion ?? 'cn-hangzhou';
}

/** A provider's client for a workload command, its region, and what to clean from messages. */
export interface CloudTarget {
  readonly provider: AnyProvider;
  readonly providerId: ProviderId;
  readonly client: ProviderClient;
  readonly regionId: string;
  readonly clean: (text: string) => string;
  close(): Promise<void>;
}

/** The provider named by --provider (eci by default), or a UsageError. */
export function providerOption(parsed: ParsedArgs): ProviderId {
  const name = parsed.options.get('provider') ?? 'eci';
  if (name !== 'eci' && name !== 'jdcloud')
    throw new UsageError(message('cli.args.provider', { value: shortQuote(name) }));
  return name;
}

/**
 * Opens the client of the provider the options name, with its key, region and endpoint. Fails with an Error that
 * says what is missing (no key, a profile that does not exist).
 */
export async function openCloudTarget(
  parsed: ParsedArgs,
  env: Readonly<Record<string, string | undefined>>,
  options: { readonly homeDir?: string | undefined } = {},
): Promise<CloudTarget> {
  const providerId = providerOption(parsed);
  const provider = PROVIDER_REGISTRY[providerId];
  const route = routeFromEnv(env);
  const common = {
    route,
    timeoutMs: 30_000,
    signatureVersion: 'v3' as const,
    userAgent: 'eci-cli',
    onCall: () => undefined,
  };
  if (providerId === 'eci') {
    const key = await resolveEciKey({ profile: parsed.options.get('profile'), env, route, homeDir: options.homeDir });
    const regionId = eciRegion(parsed.options.get('region'), env, key.spec.regionId);
    const client = await provider.client({
      ...common,
      accessKey: key.credentials,
      accessKeyOrigin: key.spec.origin,
      endpoint: parsed.options.get('endpoint') ?? env['ECI_ENDPOINT'],
      regionId,
    });
    return {
      provider,
      providerId,
      client,
      regionId,
      clean: key.clean,
      close: async () => {
        await client.close();
        await key.close();
      },
    };
  }
  const key = await jdcloudKey(parsed.options.get('profile'), env, options.homeDir ?? homedir());
  const regionId = parsed.options.get('region') ?? env['JDCLOUD_REGION'] ?? key.regionId ?? 'cn-north-1';
  const client = await provider.client({
    ...common,
    accessKey: () => Promise.resolve(key),
    accessKeyOrigin: key.origin,
    endpoint: parsed.options.get('endpoint') ?? key.endpoint,
    regionId,
  });
  const clean = (text: string): string => text.split(key.accessKeySecret).join('<redacted>');
  return { provider, providerId, client, regionId, clean, close: () => client.close() };
}

/** JD Cloud's key: the environment's (unless a profile is named), else the jdc CLI profile's. */
async function jdcloudKey(
  profile: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  home: string,
): Promise<{
  accessKeyId: string;
  accessKeySecret: string;
  origin: string;
  regionId: string | undefined;
  endpoint: string | undefined;
}> {
  const accessKeyId = env['JDCLOUD_ACCESS_KEY'];
  const accessKeySecret = env['JDCLOUD_SECRET_KEY'];
  if (profile === undefined && accessKeyId && accessKeySecret)
    return { accessKeyId, accessKeySecret, origin: 'the environment', regionId: undefined, endpoint: undefined };
  const path = join(home, '.jdc', 'config');
  const entries = await listJdcCliProfiles(path);
  const entry = profile === undefined ? entries.find((e) => e.current) : entries.find((e) => e.name === profile);
  if (entry === undefined)
    throw new MessageError(
      profile === undefined
        ? message('cli.jdcloud.noKey', { path })
        : message('cli.jdcloud.noProfile', { name: shortQuote(profile), path }),
    );
  if (entry.credentials === undefined)
    throw entry.problemSaid !== undefined
      ? new MessageError(entry.problemSaid)
      : entry.problem !== undefined
        ? new Error(entry.problem)
        : new MessageError(message('cli.jdcloud.profileWithoutKey', { name: entry.name }));
  return {
    ...entry.credentials,
    origin: `jdc profile "${entry.name}"`,
    regionId: entry.regionId,
    endpoint: entry.endpoint,
  };
}

/**
 * A workload by ID, else by name (a region's first 500); an Error when there is none, or several of that name.
 * A container: the one named, else the workload's only one.
 */
export async function findWorkload(
  target: CloudTarget,
  ref: string,
  containerName: string | undefined,
): Promise<{ item: unknown; workload: Workload; container: string }> {
  const { provider, client, regionId } = target;
  const noun = (plural: boolean) =>
    message(target.providerId === 'eci' ? 'cli.noun.containerGroup' : 'noun.container', undefined, plural);
  let item = await provider.find(client, regionId, ref);
  if (item === undefined) {
    const named = (await provider.list(client, regionId, { runningOnly: false, limit: 500 })).filter(
      (candidate) => provider.workload(candidate).name === ref,
    );
    if (named.length > 1)
      throw new MessageError(
        message('cli.workload.several', {
          noun: noun(true),
          region: regionId,
          name: shortQuote(ref),
          ids: named.map((candidate) => provider.workload(candidate).id).join(', '),
        }),
      );
    item = named[0];
  }
  if (item === undefined)
    throw new MessageError(
      message('cli.workload.none', { noun: noun(false), name: shortQuote(ref), region: regionId }),
    );
  const workload = provider.workload(item);
  const containers = workload.containers;
  if (containerName !== undefined && !containers.includes(containerName))
    throw new MessageError(
      workload.isContainer
        ? message('cli.workload.isContainer', { workload: workload.name, container: shortQuote(containerName) })
        : message('cli.workload.noContainer', {
            workload: workload.name,
            container: shortQuote(containerName),
            containers: containers.join(', '),
          }),
    );
  const container = containerName ?? (containers.length === 1 ? containers[0] : undefined);
  if (container === undefined)
    throw new MessageError(
      message('cli.workload.severalContainers', { workload: workload.name, containers: containers.join(', ') }),
    );
  return { item, workload, container };
}
