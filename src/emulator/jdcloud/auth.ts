import { timingSafeEqual } from 'node:crypto';
import type { AccessKey } from '../auth';
import { JDCLOUD2_ALGORITHM, signJdcloudRequest } from '../../jdcloud/signing';
import { invalid, tooManyRequests, unauthenticated } from './errors';
import { decodedPath } from './params';

/** What a signature covers of a request. */
export interface SignedParts {
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

const SKEW_MS = 15 * 60_000;
/**
 * The emulator's bounds on a nonce: JD Cloud's SDKs send a UUID (36 characters, eci-api.md §8), so 128 is ample, and
 * what a nonce memory holds stays small.
 */
const MAX_NONCE_LENGTH = 128;
/** Nonces remembered at most: over 100 requests a second for the whole 15-minute window. */
export const MAX_NONCES = 100_000;
const AUTHORIZATION = new RegExp(
  '^JDCLOUD2-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/jdcloud2_request, ' +
    'SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$',
);

/**
 * The nonces of accepted requests, each kept while its request's date is still accepted (15 minutes after that date;
 * a replay after that is refused for its date), so that a request is accepted once. Bounded: expired nonces are
 * dropped once a minute and whenever the memory is full; when it is full of live ones, a new request is refused
 * TOO_MANY_REQUESTS (the client tries again later, with a new nonce) rather than an old nonce forgotten, which would
 * let its request be replayed.
 */
export class NonceMemory {
  /** `accessKeyId\nnonce` → when it may be forgotten (ms). */
  private readonly seen = new Map<string, number>();
  private lastSweep = 0;

  constructor(private readonly capacity = MAX_NONCES) {}

  get size(): number {
    return this.seen.size;
  }

  /** Remembers the nonce of a request signed at `signedAt`; refuses one already remembered. */
  use(accessKeyId: string, nonce: string, signedAt: number, now: number): void {
    if (now - this.lastSweep > 60_000 || this.seen.size >= this.capacity) this.sweep(now);
    const key = `${accessKeyId}\n${nonce}`;
    const until = this.seen.get(key);
    if (until !== undefined && until >= now)
      throw unauthenticated(
        `The nonce "${nonce}" (x-jdcloud-nonce) was used already: each signed request is accepted once, and a ` +
          'replayed one is refused. Sign every request afresh, with a new nonce.',
      );
    if (until === undefined && this.seen.size >= this.capacity)
      throw tooManyRequests(
        `The emulator remembers at most ${this.capacity} nonces of the last 15 minutes, and they are all in use: ` +
          'try again shortly.',
      );
    this.seen.set(key, signedAt + SKEW_MS);
  }

  private sweep(now: number): void {
    for (const [key, until] of this.seen) if (until < now) this.seen.delete(key);
    this.lastSweep = now;
  }
}

/**
 * JDCLOUD2-HMAC-SHA256 as JD Cloud checks it: a known key, a fresh date (15 minutes either way), host and the
 * x-jdcloud date and nonce signed, the signature recomputed over the signed headers, and a nonce not used before
 * (NonceMemory). Refusals are UNAUTHENTICATED and never repeat the secret; a request whose path or Host cannot be
 * read at all is INVALID_ARGUMENT.
 */
export class JdcloudAuthenticator {
  constructor(
    private readonly keys: readonly AccessKey[],
    private readonly now: () => number,
    private readonly nonces = new NonceMemory(),
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
    if (nonce === '' || nonce.length > MAX_NONCE_LENGTH)
      throw unauthenticated(`x-jdcloud-nonce is missing or longer than ${MAX_NONCE_LENGTH} characters.`);
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
    this.nonces.use(accessKeyId, nonce, at, this.now());
  }
}
