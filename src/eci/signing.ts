import { createHash, createHmac } from 'node:crypto';
import { canonicalQueryString, compareBytes, percentEncode } from './encoding';

/** The two request-signing schemes of Alibaba Cloud RPC APIs (docs/reference/eci-api.md §1). */
export type SignatureVersion = 'v1' | 'v3';

export const EMPTY_PAYLOAD_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

// ---------------------------------------------------------------------------------------------------------------
// V1: SignatureVersion=1.0, HMAC-SHA1 over the canonicalized parameters.

export interface V1Signature {
  readonly stringToSign: string;
  readonly signature: string;
}

/**
 * Signs the complete parameter set (common parameters included, `Signature` excluded) for the given HTTP method.
 * The key is the AccessKey secret followed by `&` (the empty token-secret half of the old OAuth-like scheme).
 */
export function signV1(method: string, params: Readonly<Record<string, string>>, accessKeySecret: string): V1Signature {
  const stringToSign = v1StringToSign(method, params);
  const signature = createHmac('sha1', `${accessKeySecret}&`).update(stringToSign, 'utf8').digest('base64');
  return { stringToSign, signature };
}

export interface V1CommonParameters {
  readonly action: string;
  readonly version: string;
  readonly accessKeyId: string;
  readonly nonce: string;
  /** `YYYY-MM-DDThh:mm:ssZ`. */
  readonly timestamp: string;
  readonly securityToken?: string | undefined;
}

/**
 * The complete V1 parameter set: the business parameters plus the common ones pop-core sends. Built by assignment
 * rather than an object literal with spreads, which V8 makes several times slower for names like `Tag.1.Key`.
 */
export function v1Parameters(
  business: Readonly<Record<string, string>>,
  common: V1CommonParameters,
): Record<string, string> {
  const params: Record<string, string> = Object.assign({}, business);
  params['Action'] = common.action;
  params['Format'] = 'JSON';
  params['Version'] = common.version;
  params['AccessKeyId'] = common.accessKeyId;
  params['SignatureMethod'] = 'HMAC-SHA1';
  params['SignatureVersion'] = '1.0';
  params['SignatureNonce'] = common.nonce;
  params['Timestamp'] = common.timestamp;
  if (common.securityToken !== undefined) params['SecurityToken'] = common.securityToken;
  return params;
}

export function v1StringToSign(method: string, params: Readonly<Record<string, string>>): string {
  return `${method}&${percentEncode('/')}&${percentEncode(canonicalQueryString(params))}`;
}

// ---------------------------------------------------------------------------------------------------------------
// V3: ACS3-HMAC-SHA256 over a canonical request, carried in the Authorization header.

export const ACS3_ALGORITHM = 'ACS3-HMAC-SHA256';

export interface V3Request {
  readonly method: string;
  /** `/` for RPC APIs. */
  readonly pathname: string;
  readonly query: Readonly<Record<string, string>>;
  /** Header names in any case; a list value stands for a header sent several times. */
  readonly headers: Readonly<Record<string, string | readonly string[]>>;
  /** Lowercase hex SHA-256 of the body (`x-acs-content-sha256`). */
  readonly payloadHash: string;
  /** The canonical query string, when the caller has already built it for the URL (it is the same string). */
  readonly canonicalQuery?: string | undefined;
}

export interface V3Signature {
  readonly canonicalRequest: string;
  readonly stringToSign: string;
  readonly signedHeaders: string;
  readonly signature: string;
  readonly authorization: string;
}

export function signV3(request: V3Request, accessKeyId: string, accessKeySecret: string): V3Signature {
  const { canonicalHeaders, signedHeaders } = canonicalizeV3Headers(request.headers);
  const canonicalRequest = [
    request.method,
    request.pathname,
    request.canonicalQuery ?? canonicalQueryString(request.query),
    canonicalHeaders,
    signedHeaders,
    request.payloadHash,
  ].join('\n');
  const stringToSign = `${ACS3_ALGORITHM}\n${sha256Hex(canonicalRequest)}`;
  const signature = createHmac('sha256', accessKeySecret).update(stringToSign, 'utf8').digest('hex');
  const authorization = `${ACS3_ALGORITHM} Credential=${accessKeyId},SignedHeaders=${signedHeaders},Signature=${signature}`;
  return { canonicalRequest, stringToSign, signedHeaders, signature, authorization };
}

/**
 * Signed headers are `host`, `content-type` and every `x-acs-*` header. Names are lowercased, values trimmed;
 * headers that differ only in case are merged into one line with their values sorted and joined by `,`.
 * Each line ends with `\n`, so the block is followed by an empty line in the canonical request.
 */
function canonicalizeV3Headers(headers: V3Request['headers']): { canonicalHeaders: string; signedHeaders: string } {
  const merged = new Map<string, string[]>();
  for (const [rawName, rawValue] of Object.entries(headers)) {
    const name = rawName.toLowerCase();
    if (name !== 'host' && name !== 'content-type' && !name.startsWith('x-acs-')) {
      continue;
    }
    const values = typeof rawValue === 'string' ? [rawValue] : [...rawValue];
    const list = merged.get(name) ?? [];
    list.push(...values.map((value) => value.trim()));
    merged.set(name, list);
  }
  const names = [...merged.keys()].sort(compareBytes);
  const canonicalHeaders = names
    .map((name) => `${name}:${(merged.get(name) ?? []).sort(compareBytes).join(',')}\n`)
    .join('');
  return { canonicalHeaders, signedHeaders: names.join(';') };
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
