import { createHash, createHmac } from 'node:crypto';

/**
 * JD Cloud's request signature, JDCLOUD2-HMAC-SHA256 (docs/reference/eci-api.md §8): an AWS SigV4 derivative with
 * its own header names, key prefix and scope suffix. Reproduces the official vector of JD Cloud's C++ signer test byte
 * for byte.
 */
export const JDCLOUD2_ALGORITHM = 'JDCLOUD2-HMAC-SHA256';

export interface JdcloudCredentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string | undefined;
}

export interface JdcloudRequestToSign {
  readonly method: string;
  /** The full URL; its path is given unescaped (`/v1/regions/cn-north-1/containers/c-1:execCreate`). */
  readonly url: URL;
  /** Headers to send and sign besides host and the x-jdcloud-* ones (content-type for a JSON body). */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly body?: string | undefined;
  /** The API's region, or `jdcloud-api` for an API without one. */
  readonly regionId: string;
  readonly service: string;
  readonly date: Date;
  readonly nonce: string;
}

export interface SignedJdcloudRequest {
  /** Every header to send: the given ones, x-jdcloud-date, x-jdcloud-nonce, the token's, and authorization. */
  readonly headers: Record<string, string>;
  readonly canonicalRequest: string;
  readonly stringToSign: string;
}

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/** Percent-encodes every byte but the unreserved characters (and `/` in paths), upper-case hex, as the Go SDK does. */
function escape(text: string, keepSlash: boolean): string {
  let out = '';
  for (const char of text) {
    if (UNRESERVED.test(char) || (keepSlash && char === '/')) out += char;
    else for (const byte of Buffer.from(char, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The path as signed: each segment escaped (`:` → `%3A`). A path that arrives escaped is read back first. */
export function canonicalPath(path: string): string {
  if (path === '') return '/';
  return escape(decodeURIComponent(path), true);
}

/** The query as signed: pairs escaped and sorted by name, then value (`+` never stands for a space). */
export function canonicalQuery(search: URLSearchParams): string {
  return [...search.entries()]
    .map(([name, value]) => [escape(name, false), escape(value, false)] as const)
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

const sha256Hex = (data: string): string => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

/** `20090213T233130Z` */
export function jdcloudDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

export function signJdcloudRequest(
  request: JdcloudRequestToSign,
  credentials: JdcloudCredentials,
): SignedJdcloudRequest {
  const amzDate = jdcloudDate(request.date);
  const day = amzDate.slice(0, 8);
  const headers: Record<string, string> = {
    ...(request.headers ?? {}),
    'x-jdcloud-date': amzDate,
    'x-jdcloud-nonce': request.nonce,
  };
  // The SDKs send the token base64-encoded.
  if (credentials.securityToken !== undefined && credentials.securityToken !== '')
    headers['x-jdcloud-security-token'] = Buffer.from(credentials.securityToken, 'utf8').toString('base64');

  // Signed: host and every header sent (names lower-cased, values trimmed), sorted by name.
  const signed = new Map<string, string>([['host', request.url.host]]);
  for (const [name, value] of Object.entries(headers))
    signed.set(name.toLowerCase(), value.trim().replace(/\s+/g, ' '));
  const names = [...signed.keys()].sort();
  const signedHeaders = names.join(';');
  const canonicalHeaders = names.map((name) => `${name}:${signed.get(name) ?? ''}`).join('\n');
  const canonicalRequest = [
    request.method.toUpperCase(),
    canonicalPath(request.url.pathname),
    canonicalQuery(request.url.searchParams),
    canonicalHeaders,
    '',
    signedHeaders,
    sha256Hex(request.body ?? ''),
  ].join('\n');

  const scope = `${day}/${request.regionId}/${request.service}/jdcloud2_request`;
  const stringToSign = [JDCLOUD2_ALGORITHM, amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const kDate = hmac(`JDCLOUD2${credentials.accessKeySecret}`, day);
  const kSigning = hmac(hmac(hmac(kDate, request.regionId), request.service), 'jdcloud2_request');
  const signature = createHmac('sha256', kSigning).update(stringToSign, 'utf8').digest('hex');
  headers['authorization'] =
    `${JDCLOUD2_ALGORITHM} Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return { headers, canonicalRequest, stringToSign };
}
