/**
 * What every provider's errors share: the hints for the codes the clients raise themselves (network, timeout, an
 * answer that is not the API's), the TLS hint, and the words for "did you mean". Each provider keeps the table of its
 * API's own codes beside its client (src/eci/error-hints.ts, src/jdcloud/error-hints.ts) and gives it to the errors
 * it makes (`CloudErrorInit.hints`).
 */
export const CLIENT_HINTS: Readonly<Record<string, string>> = {
  InvalidResponse:
    'The endpoint did not answer with the JSON the API returns. A proxy, captive portal or wrong endpoint URL is the usual cause.',
  NetworkError: 'The endpoint could not be reached. Check the network, proxy settings and the endpoint URL.',
  RequestTimeout: 'The request timed out. The network may be slow; the timeout is a setting.',
  Canceled: 'The request was canceled.',
  InsecureEndpoint:
    'Plain HTTP is only allowed for loopback endpoints such as the local emulator. Use an https:// endpoint.',
};

/** The hint for a code the clients raise themselves, if it is one. */
export function clientHint(code: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(CLIENT_HINTS, code) ? CLIENT_HINTS[code] : undefined;
}

/** What an error was about, beyond its code: some hints depend on the action or on the API's own message. */
export interface HintContext {
  readonly action?: string | undefined;
  readonly message?: string | undefined;
}

/** A provider's hints: its table, and the families and special cases it knows. */
export type ErrorHints = (code: string, context: HintContext) => string | undefined;

/**
 * The TLS handshake failed (the server speaks plain HTTP, its certificate is not trusted or not for that name):
 * the same request cannot succeed on another try.
 */
export const TLS_FAILURE_HINT =
  'The secure (HTTPS) connection to the endpoint failed, and trying again cannot fix that. Check the endpoint: one without a scheme means https://, and the local emulator speaks plain http:// (write http://127.0.0.1:<port>). Behind a proxy that inspects TLS, give Node its CA certificate with NODE_EXTRA_CA_CERTS (in VS Code, certificates are checked through the proxy unless http.proxyStrictSSL is off).';

/** The hint of a failure of the proxy itself (src/core/proxy.ts): where its settings are read. */
export const PROXY_FAILURE_HINT =
  'The proxy, not the endpoint, failed. Check the proxy settings: in VS Code http.proxy, http.proxyAuthorization and http.noProxy (or HTTPS_PROXY, HTTP_PROXY and NO_PROXY when http.proxy is empty); for the eci command HTTPS_PROXY, HTTP_PROXY and NO_PROXY. A proxy URL may carry user:password for Basic authorization.';

/** "A", "A or B", "A, B or C". */
export function orList(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1] ?? ''}`;
}

/**
 * The candidates nearest to a misspelled name (edit distance with transpositions, ignoring case), if near enough to
 * be a typo: at most `limit` of them, all at the smallest distance found.
 */
export function nearestNames(name: string, candidates: readonly string[], limit = 3): string[] {
  const word = name.toLowerCase();
  let best = Infinity;
  let found: string[] = [];
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate.toLowerCase());
    if (distance > Math.max(1, Math.floor(Math.max(word.length, candidate.length) / 4))) continue;
    if (distance < best) {
      best = distance;
      found = [candidate];
    } else if (distance === best) {
      found.push(candidate);
    }
  }
  return found.slice(0, limit);
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of two neighbours cost 1. */
function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, (before[j - 2] ?? 0) + 1);
      current.push(value);
    }
    before = previous;
    previous = current;
  }
  return previous[b.length] ?? 0;
}
