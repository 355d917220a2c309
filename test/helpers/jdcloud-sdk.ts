import type { AccessKey } from '../../src/emulator/auth';

/**
 * JD Cloud's official JavaScript SDK (jdcloud-sdk-js, a dev dependency) as the oracle of the Native Container API:
 * its NATIVECONTAINER service pointed at a local URL, and its JDCLOUD2 signer to check a signature it did not make.
 * The SDK is plain CommonJS without types: what the tests use of it is typed here.
 */

/** What every SDK call resolves with (a failed call rejects with the same envelope, `error` set). */
export interface SdkAnswer {
  readonly requestId: string;
  readonly result: Record<string, unknown>;
  readonly error?: { readonly code: number; readonly status: string; readonly message: string };
}

type SdkCall = (opts: Record<string, unknown>, regionId: string) => Promise<SdkAnswer>;

/** The NATIVECONTAINER operations of the seed's table, as the SDK names them. */
export interface OfficialNativeContainer {
  readonly associateElasticIp: SdkCall;
  readonly createContainers: SdkCall;
  readonly createSecret: SdkCall;
  readonly deleteContainer: SdkCall;
  readonly deleteSecret: SdkCall;
  readonly describeContainer: SdkCall;
  readonly describeContainers: SdkCall;
  readonly describeQuota: SdkCall;
  readonly describeSecret: SdkCall;
  readonly describeSecrets: SdkCall;
  readonly disassociateElasticIp: SdkCall;
  readonly execCreate: SdkCall;
  readonly execGetExitCode: SdkCall;
  readonly getLogs: SdkCall;
  readonly modifyContainerAttribute: SdkCall;
  readonly rebuildContainer: SdkCall;
  readonly resizeTTY: SdkCall;
  readonly startContainer: SdkCall;
  readonly stopContainer: SdkCall;
}

interface SdkCore {
  config: { logger: (text: string, level?: string) => void };
  util: { queryParamsToString(params: Record<string, unknown>): string };
}

/* eslint-disable @typescript-eslint/no-require-imports -- the SDK is CommonJS without types */
const core = require('jdcloud-sdk-js/src/lib/core') as SdkCore;
const NativeContainer = require('jdcloud-sdk-js/src/repo/nativecontainer/v1/nativecontainer') as new (
  options: Record<string, unknown>,
) => OfficialNativeContainer;
const SignerV2 = require('jdcloud-sdk-js/src/lib/signers/v2') as new (
  request: unknown,
  service: string,
) => { authorization(credentials: Record<string, string>, datetime: string): string };
const fetchModule = require('node-fetch') as { Request: new (url: string, init: Record<string, unknown>) => unknown };
const querystring = require('querystring') as { parse(text: string): Record<string, unknown> };
/* eslint-enable @typescript-eslint/no-require-imports */

// The SDK prints every request, its canonical string and signature to the console unless told otherwise.
core.config.logger = () => undefined;

/** The SDK's NATIVECONTAINER client for a local URL (`http://127.0.0.1:port`), signing with `key`. */
export function officialNativeContainer(url: string, key: AccessKey, regionId = 'cn-north-1'): OfficialNativeContainer {
  const endpoint = new URL(url);
  return new NativeContainer({
    credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.accessKeySecret },
    regionId,
    endpoint: { host: endpoint.host, protocol: endpoint.protocol.replace(':', '') },
    logger: () => undefined,
  });
}

/** Where the SDK's NATIVECONTAINER sends its calls when given no endpoint: `https://host`. */
export function officialDefaultEndpoint(): string {
  const service = new NativeContainer({
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    logger: () => undefined,
  }) as unknown as { config: { endpoint: { protocol: string; host: string } } };
  return `${service.config.endpoint.protocol}://${service.config.endpoint.host}`;
}

/** A request as it reached the server. */
export interface ReceivedRequest {
  readonly method: string;
  /** Path and query as sent (escapes kept). */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * The Authorization the SDK's own JDCLOUD2 signer computes for a request as it was received, with the request's
 * x-jdcloud-date and x-jdcloud-nonce and the headers it says it signed: equal to the request's own exactly when
 * its signature is right by JD Cloud's rules, whoever made it.
 */
export function officialAuthorization(request: ReceivedRequest, key: AccessKey): string {
  const authorization = request.headers['authorization'] ?? '';
  const scope = /Credential=[^/]+\/(\d{8})\/([^/]+)\/([^/]+)\/jdcloud2_request/.exec(authorization);
  const signedNames = /SignedHeaders=([^,]+)/.exec(authorization)?.[1]?.split(';') ?? [];
  if (scope === null) throw new Error(`Not a JDCLOUD2 Authorization: ${authorization}`);
  const [path = '', query = ''] = request.url.split('?', 2);
  const headers: Record<string, string> = {};
  for (const name of signedNames) headers[name] = request.headers[name] ?? '';
  const host = headers['host'] ?? '';
  const fetchRequest = new fetchModule.Request(`http://${host}${request.url}`, {
    method: request.method,
    headers,
    body: request.body === '' ? undefined : request.body,
  });
  // The shape of the SDK's JCRequest that its signer reads.
  const signer = new SignerV2(
    {
      path,
      regionId: scope[2],
      request: fetchRequest,
      service: { config: { endpoint: { host } } },
      search: () => (query === '' ? '' : core.util.queryParamsToString(querystring.parse(query))),
    },
    scope[3] ?? '',
  );
  return signer.authorization(
    { accessKeyId: key.accessKeyId, secretAccessKey: key.accessKeySecret },
    request.headers['x-jdcloud-date'] ?? '',
  );
}
