import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as tls from 'node:tls';
import type * as Undici from 'undici';
import type { Dispatcher } from 'undici';
import { lazyModule } from '../lazy-module';
import type { Message } from './messages/messages';
import { message, MessageError } from './messages/messages';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded with the first client (see lazy-module.ts)
const undici = lazyModule(() => require('undici') as typeof Undici);

/**
 * How the API clients and the exec sockets reach the network: directly, or through an HTTP proxy (corporate
 * networks), with the CA certificates and certificate checks that go with it. Free of VS Code: the extension fills
 * `ProxySettings` from `http.proxy` and its neighbours (src/vscode/client-settings.ts), the command line from
 * HTTPS_PROXY / HTTP_PROXY / NO_PROXY (`proxySettingsFromEnv`).
 *
 * Design. One CONNECT tunnel of our own (`openTunnel`) serves both kinds of connection:
 * - API calls: undici's `Agent` with a custom `connect`, which tunnels through the proxy or connects directly, per
 *   origin. One keep-alive pool per client as before; the NO_PROXY choice is made per connection, in the pool.
 *   (undici's ProxyAgent would need a second pool beside it for the bypassed hosts, and its failures speak of
 *   undici's plumbing, not of the proxy.)
 * - exec WebSockets: `ws` takes an `http.Agent`; `TunnelAgent` gives it the same tunnel (TLS on top for wss://).
 *   https-proxy-agent would do the same as a new dependency of three packages; the tunnel is 60 lines here.
 * The tunnel is written on `net`/`tls` rather than `http.request`, which VS Code patches with its own proxy logic.
 *
 * Which hosts go direct: those the no-proxy list names, and loopback (localhost, 127.0.0.0/8, ::1), which a proxy
 * elsewhere cannot reach: the local emulator keeps working behind a corporate proxy. `<-loopback>` in the list (the
 * syntax of Chrome's bypass rules) sends loopback through the proxy too, for a proxy on this machine.
 *
 * Certificates. Node trusts its own CAs and NODE_EXTRA_CA_CERTS for every TLS connection it makes without a `ca`
 * option, undici's connector and `ws` included. `extraCa` (VS Code's system certificates) is added to both, never
 * instead of them. `strictSSL: false` stops checking certificates on connections that go through the proxy (the
 * proxy's own, and the server's inside the tunnel that a TLS-inspecting proxy re-signs), never on direct ones.
 */
export interface ProxySettings {
  /** The proxy for https:// and wss:// targets: `http://[user:password@]host:port` (or https://). */
  readonly httpsProxy?: string | undefined;
  /** The proxy for http:// and ws:// targets. */
  readonly httpProxy?: string | undefined;
  /** Hosts that go direct: `example.com` (and its subdomains), `.example.com`, `*.example.com`, `host:port`, `10.0.0.0/8`, `*`, `<local>`, `<-loopback>`. */
  readonly noProxy?: readonly string[] | undefined;
  /** Default true. False: certificates are not checked on connections through the proxy. */
  readonly strictSSL?: boolean | undefined;
  /** The Proxy-Authorization header (VS Code's `http.proxyAuthorization`); else Basic from the URL's user:password. */
  readonly authorization?: string | undefined;
  /** PEM CA certificates trusted besides Node's own and NODE_EXTRA_CA_CERTS. */
  readonly extraCa?: readonly string[] | undefined;
  /** Where the proxy was set, for messages and the log: `http.proxy`, `HTTPS_PROXY`. */
  readonly source?: string | undefined;
  /** How long opening a tunnel may take, the proxy's answer and the TLS handshake inside it each (15 s). */
  readonly tunnelTimeoutMs?: number | undefined;
}

/** The proxy settings of the environment, as curl and undici's EnvHttpProxyAgent read them (lower case first). */
export function proxySettingsFromEnv(env: Readonly<Record<string, string | undefined>>): ProxySettings {
  const read = (name: string): string | undefined => {
    const value = env[name.toLowerCase()] ?? env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const https = read('HTTPS_PROXY');
  const httpProxy = read('HTTP_PROXY');
  return {
    httpsProxy: https ?? httpProxy,
    httpProxy,
    noProxy: splitNoProxy(read('NO_PROXY') ?? ''),
    source: https !== undefined ? 'HTTPS_PROXY' : httpProxy !== undefined ? 'HTTP_PROXY' : undefined,
  };
}

/** A no-proxy list written as one string (NO_PROXY): entries separated by commas or spaces. */
export function splitNoProxy(text: string): string[] {
  return text.split(/[\s,]+/).filter((entry) => entry !== '');
}

/** A failure of the proxy itself, said as such: refused, unreachable, asked for authorization, or another answer. */
export class ProxyError extends MessageError {
  override readonly name = 'ProxyError';
  constructor(
    said: Message,
    /** The system's code (ECONNREFUSED) or the proxy's status (`HTTP407`). */
    readonly code: string,
    /** Another try cannot help (authorization required, the target forbidden). */
    readonly permanent: boolean,
    cause?: unknown,
  ) {
    super(said, cause === undefined ? undefined : { cause });
  }
}

export interface ProxyServer {
  /** `http://host:port`: what messages and the log name; never the credentials. */
  readonly label: string;
  readonly secure: boolean;
  readonly hostname: string;
  readonly port: number;
  readonly authorization: string | undefined;
}

interface NoProxyRule {
  readonly host?: string | undefined;
  readonly port?: number | undefined;
  readonly cidr?: { readonly base: number; readonly mask: number } | undefined;
  readonly all?: boolean | undefined;
  /** `<local>`: host names without a dot. */
  readonly plain?: boolean | undefined;
}

/** How long the proxy has to accept the connection and answer the CONNECT. */
const TUNNEL_TIMEOUT_MS = 15_000;

/** The route of one client: `direct()` or through the proxy its settings name. */
export class NetworkRoute {
  private readonly httpsProxy: ProxyServer | undefined;
  private readonly httpProxy: ProxyServer | undefined;
  private readonly rules: readonly NoProxyRule[];
  private readonly loopbackViaProxy: boolean;
  private readonly strictSSL: boolean;
  private readonly ca: string[] | undefined;
  private readonly source: string | undefined;
  /** TUNNEL_TIMEOUT_MS unless the settings say otherwise. */
  readonly tunnelTimeoutMs: number;
  private readonly announced = new Set<string>();

  /**
   * Throws an Error naming the setting when a proxy is not an http(s) URL. `onRoute` hears, once per target, the
   * way connections to it take (for the log; never the proxy's credentials).
   */
  constructor(
    settings: ProxySettings = {},
    private readonly onRoute?: (line: string) => void,
  ) {
    this.source = settings.source;
    this.tunnelTimeoutMs = settings.tunnelTimeoutMs ?? TUNNEL_TIMEOUT_MS;
    this.httpsProxy = parseProxy(settings.httpsProxy, settings);
    this.httpProxy = parseProxy(settings.httpProxy, settings);
    const entries = settings.noProxy ?? [];
    this.loopbackViaProxy = entries.some((entry) => entry.trim().toLowerCase() === '<-loopback>');
    this.rules = entries.map(parseNoProxyEntry).filter((rule): rule is NoProxyRule => rule !== undefined);
    this.strictSSL = settings.strictSSL ?? true;
    const extra = settings.extraCa ?? [];
    // A `ca` option replaces Node's trusted set: the extra certificates go on top of it, NODE_EXTRA_CA_CERTS included.
    this.ca = extra.length === 0 ? undefined : [...tls.rootCertificates, ...nodeExtraCaCerts(), ...extra];
  }

  static direct(): NetworkRoute {
    return new NetworkRoute();
  }

  /** Whether any proxy is set (for the log and messages). */
  get proxied(): boolean {
    return this.httpsProxy !== undefined || this.httpProxy !== undefined;
  }

  /** The proxy a connection to `hostname:port` goes through, or undefined for a direct one. */
  proxyFor(protocol: string, hostname: string, port: number): ProxyServer | undefined {
    const secure = protocol === 'https:' || protocol === 'wss:';
    const candidate = secure ? this.httpsProxy : this.httpProxy;
    const host = normalHost(hostname);
    if (candidate === undefined) return undefined;
    if (!this.loopbackViaProxy && isLoopback(host)) return undefined;
    return this.rules.some((rule) => matches(rule, host, port)) ? undefined : candidate;
  }

  /** In words, for the log: `direct` or `via the proxy http://host:port (http.proxy)`. */
  describe(url: string): string {
    const target = new URL(url);
    const port = Number(target.port) || defaultPort(target.protocol);
    const proxy = this.proxyFor(target.protocol, target.hostname, port);
    return proxy === undefined ? 'direct' : `via the proxy ${proxy.label}${this.source ? ` (${this.source})` : ''}`;
  }

  /** The connection pool of an API client: keep-alive, `connections` per origin, each connection routed. */
  dispatcher(connections: number): Dispatcher {
    const { Agent, buildConnector } = undici();
    // With no proxy and no extra CA, undici's own pool as it is.
    if (!this.proxied && this.ca === undefined) return new Agent({ keepAliveTimeout: 30_000, connections });
    const direct = buildConnector(this.ca === undefined ? {} : { ca: this.ca });
    return new Agent({
      keepAliveTimeout: 30_000,
      connections,
      connect: (options, callback) => {
        const port = Number(options.port) || defaultPort(options.protocol);
        const proxy = this.chosen('API calls', options.protocol, options.hostname, port);
        if (proxy === undefined) {
          direct(options, callback);
          return;
        }
        this.tunnel(proxy, options.hostname, port, options.protocol === 'https:', ['http/1.1']).then(
          (socket) => callback(null, socket),
          (error: Error) => callback(error, null),
        );
      },
    });
  }

  /** What `ws` needs to open a socket to `url` this way: an agent through the proxy, or the extra CAs. */
  webSocketOptions(url: string): { agent?: http.Agent; ca?: string[] } {
    const target = new URL(url);
    const port = Number(target.port) || defaultPort(target.protocol);
    const proxy = this.chosen('exec sockets', target.protocol, target.hostname, port);
    if (proxy !== undefined) return { agent: new TunnelAgent(this, proxy, target.protocol === 'wss:') };
    return this.ca === undefined ? {} : { ca: this.ca };
  }

  /** A connection to `hostname:port` through the proxy, with TLS on top for a secure target. */
  async tunnel(
    proxy: ProxyServer,
    hostname: string,
    port: number,
    secure: boolean,
    alpn?: string[],
  ): Promise<net.Socket> {
    const socket = await openTunnel(
      proxy,
      hostname,
      port,
      { ca: this.ca, rejectUnauthorized: this.strictSSL },
      this.tunnelTimeoutMs,
    );
    if (!secure) return socket;
    const host = normalHost(hostname);
    return new Promise((resolve, reject) => {
      const secured = tls.connect({
        socket,
        host, // the name the certificate must be for
        servername: net.isIP(host) === 0 ? host : undefined,
        ca: this.ca,
        rejectUnauthorized: this.strictSSL,
        ALPNProtocols: alpn,
      });
      // The handshake inside the tunnel is bounded as the tunnel itself is: a proxy that says 200 and then goes quiet
      // must not leave a connection "connecting" in the pool (or a terminal opening) for ever.
      const timer = setTimeout(() => {
        secured.destroy();
        socket.destroy();
        reject(
          new ProxyError(
            message('proxy.noTlsAnswer', { host, port, proxy: proxy.label, seconds: this.tunnelTimeoutMs / 1000 }),
            'ETIMEDOUT',
            false,
          ),
        );
      }, this.tunnelTimeoutMs);
      const onError = (error: Error): void => {
        clearTimeout(timer);
        socket.destroy();
        reject(error);
      };
      secured.once('secureConnect', () => {
        clearTimeout(timer);
        secured.removeListener('error', onError);
        resolve(secured);
      });
      secured.once('error', onError);
    });
  }

  private chosen(what: string, protocol: string, hostname: string, port: number): ProxyServer | undefined {
    const proxy = this.proxyFor(protocol, hostname, port);
    const key = `${what} ${protocol}//${hostname}:${port}`;
    if (this.onRoute !== undefined && !this.announced.has(key)) {
      this.announced.add(key);
      const how =
        proxy === undefined ? 'direct' : `via the proxy ${proxy.label}${this.source ? ` (${this.source})` : ''}`;
      this.onRoute(`${what} to ${hostname}:${port} go ${how}`);
    }
    return proxy;
  }
}

/**
 * An `http.Agent` for `ws` whose connections are tunnels through the proxy. Its protocol is the target's, as
 * `https.request` requires of an agent; nothing is kept alive (a WebSocket keeps its connection for itself).
 */
class TunnelAgent extends http.Agent {
  constructor(
    private readonly route: NetworkRoute,
    private readonly proxy: ProxyServer,
    private readonly secure: boolean,
  ) {
    super({ keepAlive: false });
    (this as unknown as { protocol: string }).protocol = secure ? 'https:' : 'http:';
  }

  override createConnection(
    options: http.ClientRequestArgs,
    callback?: (error: Error | null, stream: net.Socket) => void,
  ): undefined {
    const hostname = options.hostname ?? options.host ?? 'localhost';
    const port = Number(options.port) || (this.secure ? 443 : 80);
    this.route.tunnel(this.proxy, hostname, port, this.secure, ['http/1.1']).then(
      (socket) => callback?.(null, socket),
      (error: Error) => callback?.(error, undefined as unknown as net.Socket),
    );
    return undefined;
  }
}

/**
 * A CONNECT tunnel to `hostname:port` through the proxy: the connection once the proxy answered 200, or a
 * ProxyError that says what the proxy did (refused, asked for authorization, answered otherwise, said nothing).
 */
function openTunnel(
  proxy: ProxyServer,
  hostname: string,
  port: number,
  proxyTls: { readonly ca: string[] | undefined; readonly rejectUnauthorized: boolean },
  timeoutMs: number,
): Promise<net.Socket> {
  const host = normalHost(hostname);
  const target = `${net.isIPv6(host) ? `[${host}]` : host}:${port}`;
  return new Promise((resolve, reject) => {
    const socket = proxy.secure
      ? tls.connect({
          host: proxy.hostname,
          port: proxy.port,
          servername: net.isIP(proxy.hostname) === 0 ? proxy.hostname : undefined,
          ...proxyTls,
        })
      : net.connect({ host: proxy.hostname, port: proxy.port });
    let answer = Buffer.alloc(0);
    const fail = (error: Error): void => {
      cleanup();
      socket.destroy();
      reject(error);
    };
    const onError = (error: Error): void => {
      const code = (error as { code?: unknown }).code;
      // A certificate refused on the way to the proxy keeps its code: it is a TLS failure, said as one.
      if (typeof code === 'string' && (code.startsWith('ERR_TLS') || code.includes('CERT'))) return fail(error);
      fail(
        new ProxyError(
          code === 'ECONNREFUSED'
            ? message('proxy.refused', { proxy: proxy.label })
            : message('proxy.unreachable', { proxy: proxy.label, error: error.message }),
          typeof code === 'string' ? code : 'ProxyUnreachable',
          false,
          error,
        ),
      );
    };
    const onClose = (): void =>
      fail(new ProxyError(message('proxy.closed', { proxy: proxy.label }), 'ECONNRESET', false));
    const onTimeout = (): void =>
      fail(
        new ProxyError(message('proxy.timeout', { proxy: proxy.label, seconds: timeoutMs / 1000 }), 'ETIMEDOUT', false),
      );
    // Read with 'readable' rather than 'data', so that the socket is never left flowing: what the server sends after
    // the proxy's answer waits in the socket until its new owner (undici, ws) reads it.
    const onReadable = (): void => {
      let chunk: Buffer | null;
      while ((chunk = socket.read() as Buffer | null) !== null) {
        answer = Buffer.concat([answer, chunk]);
        const end = answer.indexOf('\r\n\r\n');
        if (end < 0) {
          if (answer.length > 16_384)
            fail(new ProxyError(message('proxy.invalidAnswer', { proxy: proxy.label }), 'EPROTO', false));
          continue;
        }
        const status = /^HTTP\/1\.[01] (\d{3})/.exec(answer.subarray(0, end).toString('latin1'))?.[1];
        if (status !== '200') {
          fail(statusError(proxy, status, target));
          return;
        }
        cleanup();
        socket.setTimeout(0);
        const rest = answer.subarray(end + 4);
        if (rest.length > 0) socket.unshift(rest);
        resolve(socket);
        return;
      }
    };
    const cleanup = (): void => {
      socket.removeListener('error', onError);
      socket.removeListener('close', onClose);
      socket.removeListener('timeout', onTimeout);
      socket.removeListener('readable', onReadable);
    };
    socket.setTimeout(timeoutMs);
    socket.on('error', onError);
    socket.on('close', onClose);
    socket.on('timeout', onTimeout);
    socket.on('readable', onReadable);
    const request =
      `CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n` +
      (proxy.authorization === undefined ? '' : `Proxy-Authorization: ${proxy.authorization}\r\n`) +
      '\r\n';
    socket.write(request);
  });
}

function statusError(proxy: ProxyServer, status: string | undefined, target: string): ProxyError {
  if (status === undefined)
    return new ProxyError(message('proxy.invalidAnswer', { proxy: proxy.label }), 'EPROTO', false);
  if (status === '407')
    return new ProxyError(
      message(proxy.authorization === undefined ? 'proxy.authorization' : 'proxy.authorizationRefused', {
        proxy: proxy.label,
      }),
      'HTTP407',
      true,
    );
  // 502, 503 and 504 are the proxy failing to reach the target, which may pass; any other answer will not change.
  const passing = status === '502' || status === '503' || status === '504';
  return new ProxyError(message('proxy.status', { proxy: proxy.label, status, target }), `HTTP${status}`, !passing);
}

/** Whether an error, or one of its causes, is the proxy's own failure. */
export function proxyFailure(error: unknown): ProxyError | undefined {
  for (let cause = error, depth = 0; cause !== undefined && cause !== null && depth < 4; depth++) {
    if (cause instanceof ProxyError || (cause as { name?: unknown }).name === 'ProxyError') return cause as ProxyError;
    cause = (cause as { cause?: unknown }).cause;
  }
  return undefined;
}

function parseProxy(text: string | undefined, settings: ProxySettings): ProxyServer | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const where = settings.source ?? 'the proxy setting';
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text.trim()) ? text.trim() : `http://${text.trim()}`);
  } catch {
    // The text may hold a password: it is not repeated.
    throw new Error(`The proxy in ${where} is not a URL such as http://proxy.example.com:8080.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(
      `The proxy in ${where} is a ${url.protocol.slice(0, -1)} proxy; only HTTP(S) proxies are supported.`,
    );
  const port = Number(url.port) || defaultPort(url.protocol);
  const basic =
    url.username === ''
      ? undefined
      : `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
  const authorization =
    settings.authorization !== undefined && settings.authorization !== '' ? settings.authorization : basic;
  return {
    label: `${url.protocol}//${url.host}`,
    secure: url.protocol === 'https:',
    hostname: normalHost(url.hostname),
    port,
    authorization,
  };
}

function parseNoProxyEntry(text: string): NoProxyRule | undefined {
  const entry = text.trim().toLowerCase();
  if (entry === '' || entry === '<-loopback>') return undefined;
  if (entry === '*') return { all: true };
  if (entry === '<local>') return { plain: true };
  const cidr = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(entry);
  if (cidr !== null) {
    const base = ipv4Number(cidr[1] ?? '');
    const bits = Number(cidr[2]);
    if (base === undefined || bits > 32) return undefined;
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
    return { cidr: { base: (base & mask) >>> 0, mask } };
  }
  // host, host:port, [v6], [v6]:port, .suffix, *.suffix
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  const plain = /^([^:]+)(?::(\d+))?$/.exec(entry);
  const parts = bracketed ?? (net.isIPv6(entry) ? [entry, entry, undefined] : plain);
  if (parts === null) return undefined;
  const host = (parts[1] ?? '').replace(/^\*?\./, '').replace(/\.$/, '');
  return host === '' ? undefined : { host, port: parts[2] === undefined ? undefined : Number(parts[2]) };
}

function matches(rule: NoProxyRule, host: string, port: number): boolean {
  if (rule.all === true) return true;
  if (rule.plain === true) return !host.includes('.') && !host.includes(':');
  if (rule.cidr !== undefined) {
    const ip = ipv4Number(host);
    return ip !== undefined && (ip & rule.cidr.mask) >>> 0 === rule.cidr.base;
  }
  if (rule.port !== undefined && rule.port !== port) return false;
  return rule.host !== undefined && (host === rule.host || host.endsWith(`.${rule.host}`));
}

function ipv4Number(text: string): number | undefined {
  if (net.isIPv4(text) === false) return undefined;
  return text.split('.').reduce((sum, part) => sum * 256 + Number(part), 0);
}

function normalHost(hostname: string): string {
  return hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

function defaultPort(protocol: string): number {
  return protocol === 'https:' || protocol === 'wss:' ? 443 : 80;
}

/** The certificates of NODE_EXTRA_CA_CERTS, which Node adds to its own set only when no `ca` replaces it. */
function nodeExtraCaCerts(): string[] {
  const path = process.env['NODE_EXTRA_CA_CERTS'];
  if (path === undefined || path === '') return [];
  try {
    return [readFileSync(path, 'utf8')];
  } catch {
    return []; // Node itself warns of a file it cannot read
  }
}
