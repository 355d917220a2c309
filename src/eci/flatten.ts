/**
 * RPC parameter flattening: nested objects and lists become dotted names with 1-based indexes, the way every
 * Alibaba Cloud SDK sends them (`Container.1.Port.1.Port=80`). `undefined` and `null` are left out, so optional
 * fields can be passed through without checks; booleans and numbers are written as the API expects them.
 */
export type RpcValue =
  string | number | boolean | undefined | null | readonly RpcValue[] | { readonly [key: string]: RpcValue };

export type RpcParams = { readonly [key: string]: RpcValue };

export function flattenParams(params: RpcParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    flattenInto(out, key, value);
  }
  return out;
}

function flattenInto(out: Record<string, string>, prefix: string, value: RpcValue): void {
  if (value === undefined || value === null) {
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item: RpcValue, index: number) => flattenInto(out, `${prefix}.${index + 1}`, item));
    return;
  }
  if (typeof value === 'object') {
    for (const [key, item] of Object.entries(value as { readonly [key: string]: RpcValue })) {
      flattenInto(out, `${prefix}.${key}`, item);
    }
    return;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new RangeError(`Parameter ${prefix} is not a finite number: ${String(value)}`);
    }
    out[prefix] = String(value);
    return;
  }
  out[prefix] = typeof value === 'boolean' ? (value ? 'true' : 'false') : value;
}
