import type { Credentials } from './credentials';

/**
 * The cache every temporary-credential source shares (RAM roles, ECS instance roles, OIDC, a credentials URI, an
 * external process, CloudSSO): credentials fetched on first use and again before they expire, calls at the same time
 * sharing one fetch, and old credentials kept while a refresh fails and they still work. Each source only says how to
 * fetch (src/eci/ram-role.ts, src/eci/credential-providers.ts).
 */

/** What one fetch gives: the credentials and when they stop working. */
export interface FetchedCredentials {
  readonly credentials: Credentials;
  /** Milliseconds on the source's clock; `undefined` for credentials that do not expire (an AccessKey). */
  readonly expiresAt: number | undefined;
}

/**
 * How long before expiry credentials are fetched again: a fifth of their lifetime, at most 15 minutes. A fixed 15
 * minutes (what `@alicloud/credentials` uses) is the whole of a 900 s session, which would then be fetched again at
 * every call; a fifth leaves a short session four fifths of its life, and a long one its last 15 minutes, time enough
 * for a refresh that fails to be tried again while the old keys still work.
 */
export function refreshWindowMs(lifetimeMs: number): number {
  return Math.min(15 * 60_000, lifetimeMs / 5);
}

/** After a refresh fails while the keys still work, how long they are used before trying again. */
const RETRY_AFTER_FAILURE_MS = 10_000;

interface Session {
  readonly credentials: Credentials;
  readonly expiresAt: number;
  readonly refreshAt: number;
}

/**
 * Credentials fetched on first use and again once less than refreshWindowMs of them remains: a CredentialSource for
 * the client (`credentials: () => source.credentials()`), which reads it at each signature, so a refreshed key
 * applies at once. Calls at the same time share one fetch. A refresh that fails while the old credentials are still
 * valid keeps them (and tries again 10 s later); once they have expired, the fetch's error is thrown.
 */
export class RefreshingCredentials {
  /** Fetches that succeeded. */
  fetched = 0;
  private session: Session | undefined;
  private inFlight: Promise<Session> | undefined;
  private retryAt = 0;

  constructor(
    private readonly fetch: () => Promise<FetchedCredentials>,
    private readonly now: () => number = Date.now,
  ) {}

  /** The current credentials, fetched again first when they are due. */
  async credentials(): Promise<Credentials> {
    const session = this.session;
    const now = this.now();
    if (session !== undefined && now < session.refreshAt) return session.credentials;
    if (session !== undefined && now < session.expiresAt && now < this.retryAt) return session.credentials;
    try {
      return (await this.refresh()).credentials;
    } catch (error) {
      const old = this.session;
      if (old !== undefined && this.now() < old.expiresAt) {
        this.retryAt = this.now() + RETRY_AFTER_FAILURE_MS;
        return old.credentials;
      }
      throw error;
    }
  }

  private refresh(): Promise<Session> {
    this.inFlight ??= this.next().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async next(): Promise<Session> {
    const fetched = await this.fetch();
    const now = this.now();
    const expiresAt = fetched.expiresAt ?? Number.POSITIVE_INFINITY;
    this.fetched += 1;
    this.retryAt = 0;
    this.session = {
      credentials: fetched.credentials,
      expiresAt,
      // Credentials already at their end (a source whose clock is far from ours) are used once, then fetched again.
      refreshAt: expiresAt <= now ? now : expiresAt - refreshWindowMs(expiresAt - now),
    };
    return this.session;
  }
}
