import { message } from '../core/messages/messages';
import { eciError } from './error-hints';

export const ECI_API_VERSION = '2018-08-08';
/** STS, for AssumeRole (src/eci/ram-role.ts; the emulator serves it too: src/emulator/sts.ts). */
export const STS_API_VERSION = '2015-04-01';

/** `public` is `eci.<region>.aliyuncs.com`; `vpc` is the internal `eci-vpc.<region>.aliyuncs.com`. */
export type EndpointType = 'public' | 'vpc';

const REGION_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** A saved or given endpoint type: `vpc`, or else the public one (profiles saved before there was a choice). */
export function endpointTypeOf(value: unknown): EndpointType {
  return value === 'vpc' ? 'vpc' : 'public';
}

/** The host of a region's endpoint of that type. */
export function endpointHost(regionId: string, type: EndpointType = 'public'): string {
  return `${type === 'vpc' ? 'eci-vpc' : 'eci'}.${regionId}.aliyuncs.com`;
}

/**
 * Where a profile's calls go, in words (its tooltip): the override as written, else the region's endpoint and its
 * type (`eci-vpc.cn-hangzhou.aliyuncs.com (VPC)`). Other regions of the profile follow the same type.
 */
export function describeEndpoint(
  regionId: string,
  override: string | undefined,
  type: EndpointType = 'public',
): string {
  if (override !== undefined && override.trim() !== '') return `${override.trim()} (override)`;
  return `${endpointHost(regionId, type)} (${type === 'vpc' ? 'VPC' : 'public'})`;
}

/**
 * The URL requests for a region go to. Every region, cn-hangzhou included, has a regional endpoint
 * (docs/reference/eci-api.md §3); an override (the emulator, a proxy, a VPC endpoint) wins. HTTPS is required except on
 * loopback, where the local emulator speaks plain HTTP.
 */
export function resolveEndpoint(regionId: string, override?: string, type: EndpointType = 'public'): URL {
  if (override !== undefined && override.trim() !== '') {
    return parseEndpoint(override.trim());
  }
  if (!REGION_ID.test(regionId)) {
    throw eciError({
      code: 'InvalidParameter',
      message: message('cred.endpoint.badRegion', { region: regionId }),
    });
  }
  return new URL(`https://${endpointHost(regionId, type)}/`);
}

export function parseEndpoint(text: string): URL {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw eciError({ code: 'InvalidParameter', message: message('cred.endpoint.badUrl', { endpoint: text }) });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw eciError({
      code: 'InvalidParameter',
      message: message('cred.endpoint.scheme', { endpoint: text }),
    });
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw eciError({
      code: 'InsecureEndpoint',
      message: message('cred.endpoint.insecure', { origin: url.origin }),
    });
  }
  if (url.username !== '' || url.password !== '') {
    throw eciError({
      code: 'InvalidParameter',
      message: message('cred.endpoint.userInfo'),
    });
  }
  // RPC requests always go to `/` (and V3 signs that path), whatever path the override was written with.
  return new URL('/', url);
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}
