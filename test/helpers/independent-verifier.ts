import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
// The official Alibaba Cloud OpenAPI utilities: an implementation of both signatures written by someone else.
import OpenApiUtil from '@alicloud/openapi-util';
import type { SeenRequest } from './scripted-server';

export type Verdict = { ok: true; version: 'v1' | 'v3'; accessKeyId: string } | { ok: false; reason: string };

/**
 * Checks a request the way a server holding `secrets` (AccessKey ID → secret) would, using the official SDK's
 * signing code rather than ours, so that a shared misunderstanding cannot make both sides agree.
 */
export function verifyWithOfficialUtil(request: SeenRequest, secrets: ReadonlyMap<string, string>): Verdict {
  const authorization = request.headers['authorization'];
  if (typeof authorization === 'string' && authorization.startsWith('ACS3-HMAC-SHA256 ')) {
    const match = /Credential=([^,]+),SignedHeaders=([^,]*),Signature=([0-9a-f]+)$/.exec(authorization);
    if (match === null) return { ok: false, reason: 'malformed Authorization header' };
    const [, accessKeyId = '', signedHeaders = ''] = match;
    const secret = secrets.get(accessKeyId);
    if (secret === undefined) return { ok: false, reason: `unknown AccessKey ID ${accessKeyId}` };
    // A server signs every x-acs-* header it received, and the host: a client that leaves one out is wrong.
    const mustSign = Object.keys(request.headers).filter((name) => name === 'host' || name.startsWith('x-acs-'));
    const unsigned = mustSign.filter((name) => !signedHeaders.split(';').includes(name));
    if (unsigned.length > 0) return { ok: false, reason: `headers sent but not signed: ${unsigned.join(', ')}` };
    const payloadHash = createHash('sha256').update(request.body).digest('hex');
    if (request.headers['x-acs-content-sha256'] !== payloadHash)
      return { ok: false, reason: 'x-acs-content-sha256 does not match the body' };
    const url = new URL(request.url, 'http://placeholder');
    const query: Record<string, string> = {};
    for (const [key, value] of url.searchParams) query[key] = value;
    const expected = OpenApiUtil.getAuthorization(
      // Only the headers the client said it signed: proxies and Node add others.
      {
        method: request.method,
        pathname: url.pathname,
        query,
        headers: pick(request.headers, signedHeaders.split(';')),
      } as never,
      'ACS3-HMAC-SHA256',
      payloadHash,
      accessKeyId,
      secret,
    );
    return expected === authorization
      ? { ok: true, version: 'v3', accessKeyId }
      : { ok: false, reason: `V3 signature mismatch; expected ${expected}` };
  }
  const { Signature: signature, ...params } = request.params;
  if (signature === undefined) return { ok: false, reason: 'no signature' };
  const accessKeyId = params['AccessKeyId'] ?? '';
  const secret = secrets.get(accessKeyId);
  if (secret === undefined) return { ok: false, reason: `unknown AccessKey ID ${accessKeyId}` };
  const expected = OpenApiUtil.getRPCSignature(params, request.method, secret);
  return expected === signature
    ? { ok: true, version: 'v1', accessKeyId }
    : { ok: false, reason: 'V1 signature mismatch' };
}

function pick(headers: IncomingHttpHeaders, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = headers[name];
    if (typeof value === 'string') out[name] = value;
  }
  return out;
}
