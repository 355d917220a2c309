import * as tls from 'node:tls';
import { NetworkRoute, proxySettingsFromEnv, splitNoProxy } from '../core/proxy';
import type { ProxySettings } from '../core/proxy';
import * as vscode from './vscode-api';

/**
 * The client options the user controls through settings: the signature version (V3 by default), the timeout, and
 * the network route (VS Code's proxy settings). `onRoute` hears how each client's connections go, for the log.
 * Throws when `http.proxy` (or HTTPS_PROXY) is not a URL.
 */
export function clientSettings(onRoute?: (line: string) => void): {
  readonly signatureVersion: 'v1' | 'v3';
  readonly timeoutMs: number;
  readonly route: NetworkRoute;
} {
  const config = vscode.workspace.getConfiguration('eci');
  const signature = config.get<string>('signatureVersion', 'v3');
  return {
    signatureVersion: signature === 'v1' ? 'v1' : 'v3',
    timeoutMs: Math.max(1000, config.get<number>('requestTimeoutMs', 30_000)),
    route: new NetworkRoute(proxySettings(), onRoute),
  };
}

/** The settings whose change makes new clients (src/vscode/activation.ts). */
export const NETWORK_SETTINGS = [
  'http.proxy',
  'http.noProxy',
  'http.proxyStrictSSL',
  'http.proxyAuthorization',
  'http.proxySupport',
  'http.systemCertificates',
];

/**
 * VS Code's proxy settings, read for our own clients: VS Code's proxy support reaches Node's `https` and the global
 * `fetch`, not the undici pool the API clients use (docs/architecture.md, "Proxies and certificates"). `http.proxy`,
 * else HTTPS_PROXY / HTTP_PROXY; `http.noProxy` with NO_PROXY; `http.proxyAuthorization`; `http.proxyStrictSSL`;
 * the system's CA certificates while `http.systemCertificates` is on. `http.proxySupport: off` means no proxy.
 */
export function proxySettings(): ProxySettings {
  const http = vscode.workspace.getConfiguration('http');
  const extraCa = http.get<boolean>('systemCertificates', true) ? systemCertificates() : [];
  if (http.get<string>('proxySupport', 'override') === 'off') return { extraCa };
  const proxy = http.get<string>('proxy', '').trim();
  const fromEnv = proxySettingsFromEnv(process.env);
  const noProxy = [...http.get<string[]>('noProxy', []), ...(fromEnv.noProxy ?? [])].flatMap(splitNoProxy);
  const authorization = http.get<string | null>('proxyAuthorization', null) ?? undefined;
  const common = { noProxy, strictSSL: http.get<boolean>('proxyStrictSSL', true), authorization, extraCa };
  return proxy !== ''
    ? { ...common, httpsProxy: proxy, httpProxy: proxy, source: 'http.proxy' }
    : { ...common, httpsProxy: fromEnv.httpsProxy, httpProxy: fromEnv.httpProxy, source: fromEnv.source };
}

let systemOnly: string[] | undefined;

/**
 * The system's CA certificates that Node's own set lacks (a corporate root CA installed on the machine), read once:
 * `tls.getCACertificates('system')` exists from Node 22.15 / 23.5 on (VS Code's extension host has it); older Nodes
 * add none here, and NODE_EXTRA_CA_CERTS still applies.
 */
function systemCertificates(): string[] {
  if (systemOnly === undefined) {
    const read = (tls as { getCACertificates?: (type: string) => string[] }).getCACertificates;
    let system: string[];
    try {
      system = read?.('system') ?? [];
    } catch {
      system = []; // a store that cannot be read adds nothing
    }
    const bundled = new Set(tls.rootCertificates.map((pem) => pem.trim()));
    systemOnly = system.filter((pem) => !bundled.has(pem.trim()));
  }
  return systemOnly;
}
