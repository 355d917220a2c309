/**
 * Keeps secrets out of anything printed: logs, error messages, test artifacts. AccessKey IDs are shown with
 * their middle masked (enough to tell profiles apart); secrets, tokens and signatures never appear at all.
 */
export function maskAccessKeyId(id: string): string {
  if (id.length <= 8) return '****';
  return `${id.slice(0, 4)}****${id.slice(-4)}`;
}

/** Replaces every occurrence of the given secrets (and the V3 Authorization signature) in free text. */
export function redactText(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text
    .replace(/(Signature=)[0-9a-fA-F]{16,}/g, '$1<redacted>')
    .replace(/(Signature=)[A-Za-z0-9+/%]{20,}={0,2}/g, '$1<redacted>');
  for (const secret of secrets) {
    if (secret !== undefined && secret.length >= 4) {
      out = out.split(secret).join('<redacted>');
    }
  }
  return out;
}
