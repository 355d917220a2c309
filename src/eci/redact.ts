import { maskAccessKeyId, redactConfidential } from '../core/errors';
import type { Credentials } from './credentials';

/**
 * Keeps secrets out of anything printed: logs, error messages, test artifacts. AccessKey IDs are shown with
 * their middle masked (enough to tell profiles apart); secrets, tokens and signatures never appear at all. The rules
 * themselves are the core's (src/core/errors.ts), shared with JD Cloud's client.
 */
export { maskAccessKeyId };

/** Replaces every occurrence of the given secrets (and request signatures) in free text. */
export function redactText(text: string, secrets: readonly (string | undefined)[]): string {
  return redactConfidential(text, { secrets });
}

/** Text made safe to show for these credentials: the secret and token removed, the AccessKey ID masked. */
export function redactCredentials(text: string, credentials: Credentials): string {
  return redactConfidential(text, {
    accessKeyId: credentials.accessKeyId,
    secrets: [credentials.accessKeySecret, credentials.securityToken],
  });
}
