import type { IncomingMessage } from 'node:http';

/** A request's headers as one string each (a repeated header joined with commas), as signatures read them. */
export function requestHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers))
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  return headers;
}
