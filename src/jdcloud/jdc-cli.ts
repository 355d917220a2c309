import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Message } from '../core/messages/messages';
import { message, MessageError, say } from '../core/messages/messages';
import { JDCLOUD_ENDPOINT } from './client';

/**
 * JD Cloud's command line, `jdc` (jdcloud-cli), keeps its profiles in `~/.jdc/config`, an INI file written by
 * Python's ConfigParser: one section per profile with access_key, secret_key, region_id, endpoint (the API gateway,
 * `www.jdcloud-api.com` unless changed), scheme and timeout; `~/.jdc/current` names the profile in use. Read here for
 * JD Cloud: Import jdc CLI Profiles, as the aliyun CLI's are read for ECI.
 */
export const JDC_DEFAULT_GATEWAY = 'www.jdcloud-api.com';

export interface JdcCliProfileEntry {
  readonly name: string;
  /** The profile `jdc` uses now (`~/.jdc/current`). */
  readonly current: boolean;
  readonly regionId: string;
  /**
   * Where calls go: undefined for jdc's gateway (JD Cloud's; the client then uses the SDK's own endpoint,
   * nativecontainer.jdcloud-api.com), else the profile's scheme and host.
   */
  readonly endpoint: string | undefined;
  readonly credentials?: { readonly accessKeyId: string; readonly accessKeySecret: string } | undefined;
  /** Why it cannot be imported, when it cannot. */
  readonly problem?: string | undefined;
  /** The problem as a message of the catalog, to be said in the reader's language. */
  readonly problemSaid?: Message | undefined;
}

/** ConfigParser's INI: `[section]`, `key = value` or `key: value`, `#` and `;` comments, keys case-insensitive. */
export function parseJdcConfig(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let section: Map<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header !== null) {
      section = new Map();
      sections.set((header[1] ?? '').trim(), section);
      continue;
    }
    const pair = /^([^=:]+)[=:](.*)$/.exec(line);
    if (pair !== null && section !== undefined)
      section.set((pair[1] ?? '').trim().toLowerCase(), (pair[2] ?? '').trim());
  }
  return sections;
}

/** Every profile of a jdc config file, with its key or the reason it cannot be used; none when there is no file. */
export async function listJdcCliProfiles(path: string): Promise<JdcCliProfileEntry[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new MessageError(message('cred.jdc.unreadable', { path, error: (error as Error).message }), { cause: error });
  }
  const current = await readFile(join(dirname(path), 'current'), 'utf8').then(
    (name) => name.trim(),
    () => 'default',
  );
  return [...parseJdcConfig(text)].map(([name, values]) => {
    const accessKeyId = values.get('access_key') ?? '';
    const accessKeySecret = values.get('secret_key') ?? '';
    const gateway = values.get('endpoint') ?? '';
    const scheme = values.get('scheme') || 'https';
    const entry = {
      name,
      current: name === current,
      regionId: values.get('region_id') || 'cn-north-1',
      endpoint:
        gateway === '' || gateway === JDC_DEFAULT_GATEWAY || `https://${gateway}` === JDCLOUD_ENDPOINT
          ? undefined
          : `${scheme}://${gateway}`,
    };
    if (accessKeyId === '' || accessKeySecret === '') {
      const problemSaid = message('cred.jdc.noKey', { name });
      return { ...entry, problem: say(problemSaid), problemSaid };
    }
    return { ...entry, credentials: { accessKeyId, accessKeySecret } };
  });
}
