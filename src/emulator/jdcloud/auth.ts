import { timingSafeEqual } from 'node:crypto';
import type { AccessKey } from '../auth';
import { JDCLOUD2_ALGORITHM, signJdcloudRequest } from '../../jdcloud/signing';
import { invalid, unauthenticated } from './errors';
import { decodedPath } from './params';

/** What a signature covers of a request. */
export interface SignedParts {
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

const SKEW_MS = 15 * 60_000;
const AUTHORIZATION = new RegExp(
  '^JDCLOUD2-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/jdcloud2_request, ' +
    'SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$',
);

/**
 * JDCLOUD2-HMAC-SHA256 as JD Cloud checks it: a known key, a fresh date (15 minutes either way), host and the
 * x-jdcloud date and nonce signed, and the signature recomputed over the signed headers. Refusals are
 * UNAUTHENTICATED and never repeat the secret; a request whose path or Host cannot be read at all is
 * INVALID_ARGUMENT.
 */
export class JdcloudAuthenticator {
  constructor(
    private readonly keys: readonly AccessKey[],
    private readonly now: () => number,
  ) {}

  check(request: SignedParts, url: URL): void {
    const header = (name: string): string | undefined =>
      Object.prototype.hasOwnProperty.call(request.headers, name) ? request.headers[name] : undefined;
    const parsed = AUTHORIZATION.exec(header('authorization') ?? '');
    if (parsed === null) throw unauthenticated(`The Authorization header is missing or is not ${JDCLOUD2_ALGORITHM}.`);
    const [, accessKeyId = '', , regionId = '', service = '', signedHeaders = '', signature = ''] = parsed;
    const key = this.keys.find((k) => k.accessKeyId === accessKeyId);
    if (key === undefined) throw unauthenticated(`The AccessKey ${accessKeyId} does not exist.`);
    const date = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/.exec(header('x-jdcloud-date') ?? '');
    if (date === null) throw unauthenticated('x-jdcloud-date is missing or malformed.');
    const at = Date.UTC(
      Number(date[1]),
      Number(date[2]) - 1,
      Number(date[3]),
      Number(date[4]),
      Number(date[5]),
      Number(date[6]),
    );
    if (Math.abs(this.now() - at) > SKEW_MS)
      throw unauthenticated('The request time is more than 15 minutes from the server time.');
    const names = signedHeaders.split(';');
    if (!names.includes('host') || !names.includes('x-jdcloud-date') || !names.includes('x-jdcloud-nonce'))
      throw unauthenticated('host, x-jdcloud-date and x-jdcloud-nonce must be signed.');
    const nonce = header('x-jdcloud-nonce') ?? '';
    const headers: Record<string, string> = {};
    for (const name of names)
      if (!['host', 'x-jdcloud-date', 'x-jdcloud-nonce'].includes(name)) headers[name] = header(name) ?? '';
    let signedUrl: URL;
    try {
      signedUrl = new URL(`${url.pathname}${url.search}`, `http://${header('host') ?? ''}`);
    } catch {
      throw invalid(`The Host header "${(header('host') ?? '').slice(0, 100)}" is not a host name and port.`);
    }
    decodedPath(url.pathname);
    const expected = signJdcloudRequest(
      {
        method: request.method,
        url: signedUrl,
        headers,
        body: request.body,
        regionId,
        service,
        date: new Date(at),
        nonce,
      },
      { accessKeyId, accessKeySecret: key.accessKeySecret },
    ).headers['authorization'];
    const got = Buffer.from(signature);
    const want = Buffer.from(/Signature=([0-9a-f]{64})$/.exec(expected ?? '')?.[1] ?? '');
    if (got.length !== want.length || !timingSafeEqual(got, want))
      throw unauthenticated('The signature does not match.');
  }
}
