/**
 * RFC 3986 percent-encoding as Alibaba Cloud's signatures require it: only `A-Z a-z 0-9 - _ . ~` stay literal,
 * everything else (including space, `*`, `!`, `'`, `(`, `)`) becomes `%XY` of its UTF-8 bytes, uppercase.
 * `encodeURIComponent` leaves `! ' ( ) *` alone, so those five are patched afterwards, as pop-core does.
 */
export function percentEncode(value: string): string {
  // Most names and values (IDs, numbers, region names) need no encoding at all; skip the work for them.
  if (UNRESERVED_ONLY.test(value)) return value;
  const encoded = encodeURIComponent(value);
  return SUB_DELIMS.test(encoded) ? encoded.replace(SUB_DELIMS_GLOBAL, (c) => SUB_DELIM_CODES[c] ?? c) : encoded;
}

const UNRESERVED_ONLY = /^[A-Za-z0-9\-_.~]*$/;
const SUB_DELIMS = /[!'()*]/;
const SUB_DELIMS_GLOBAL = /[!'()*]/g;
const SUB_DELIM_CODES: Readonly<Record<string, string>> = {
  '!': '%21',
  "'": '%27',
  '(': '%28',
  ')': '%29',
  '*': '%2A',
};

/** `k=v&k=v` with keys sorted in byte order and both sides percent-encoded; an empty value stays `k=`. */
export function canonicalQueryString(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .sort(compareBytes)
    .map((key) => `${percentEncode(key)}=${percentEncode(params[key] ?? '')}`)
    .join('&');
}

/**
 * Byte-order comparison (the order the SDKs sort parameter names in). For the ASCII names the API uses this is
 * plain code-unit order; a code-unit comparison is also correct for any BMP text.
 */
export function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `YYYY-MM-DDThh:mm:ssZ`, the timestamp format of both signature versions (no milliseconds). */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
