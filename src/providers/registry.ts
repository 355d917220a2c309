import { ECI_PROVIDER } from '../eci/provider';
import { JDCLOUD_PROVIDER } from '../jdcloud/provider';
import type { AnyProvider } from './provider';
import type { ProviderId } from './providers';

/**
 * Every provider, by ID: the one place that lists them (the extension's side has one more, for what each shows in
 * VS Code: src/vscode/provider-views.ts). A third provider is one more line here; see docs/architecture.md.
 */
export const PROVIDER_REGISTRY: Readonly<Record<ProviderId, AnyProvider>> = {
  eci: ECI_PROVIDER,
  jdcloud: JDCLOUD_PROVIDER,
};

/** A profile's provider: profiles saved before there were two have none and are ECI's. */
export function providerFor(profile: { readonly provider?: ProviderId | undefined }): AnyProvider {
  return PROVIDER_REGISTRY[profile.provider ?? 'eci'];
}
