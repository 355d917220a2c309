import assert from 'node:assert/strict';
import type { CredentialChainOptions, Credentials } from '../../src/eci/credentials';
import { resolveCredentialSpec } from '../../src/eci/credentials';

/** The key the credential chain finds, for tests of the modes that hold one (AK, StsToken, the RAM roles). */
export async function resolveKey(options: CredentialChainOptions): Promise<Credentials> {
  const spec = await resolveCredentialSpec(options);
  if (spec.kind !== 'key') assert.fail(`expected a key, found a ${spec.kind} spec`);
  return spec.credentials;
}
