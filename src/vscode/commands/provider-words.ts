import * as vscode from '../vscode-api';
import type { ProviderId } from '../../providers/providers';

/*
 * The providers' words (src/providers/providers.ts keeps them in English, for the log and the core) as the commands'
 * messages say them in VS Code's display language: each a whole noun or clause, so that a sentence that takes one
 * translates whole.
 */

/** What one workload of the provider is called: "container group", "container". */
export function workloadNoun(provider: ProviderId): string {
  switch (provider) {
    case 'eci':
      return vscode.l10n.t('container group');
    case 'jdcloud':
      return vscode.l10n.t('container');
  }
}

/** What several workloads of the provider are called: "container groups", "containers". */
export function workloadsNoun(provider: ProviderId): string {
  switch (provider) {
    case 'eci':
      return vscode.l10n.t('container groups');
    case 'jdcloud':
      return vscode.l10n.t('containers');
  }
}

/** The service, as its vendor names it: "Alibaba Cloud ECI", "JD Cloud Native Container". */
export function providerTitle(provider: ProviderId): string {
  switch (provider) {
    case 'eci':
      return vscode.l10n.t('Alibaba Cloud ECI');
    case 'jdcloud':
      return vscode.l10n.t('JD Cloud Native Container');
  }
}

/** How to get a first profile of the provider. */
function firstProfile(provider: ProviderId): string {
  switch (provider) {
    case 'eci':
      return vscode.l10n.t('add one (ECI: Add Profile), import the aliyun CLI ones, or use the local emulator');
    case 'jdcloud':
      return vscode.l10n.t('add one (JD Cloud: Add Profile) or use the local emulator');
  }
}

/** "No Alibaba Cloud ECI profile yet: add one (ECI: Add Profile), …": where a command needs the provider's profile. */
export function noProfileYet(provider: ProviderId): string {
  return vscode.l10n.t('No {0} profile yet: {1}.', providerTitle(provider), firstProfile(provider));
}

/** "No profile yet: for Alibaba Cloud ECI, add one …; for JD Cloud Native Container, …": where any provider's would do. */
export function noProfileOfAnyYet(providers: readonly ProviderId[]): string {
  const ways = providers.map((p) => vscode.l10n.t('for {0}, {1}', providerTitle(p), firstProfile(p)));
  return vscode.l10n.t('No profile yet: {0}.', ways.join(vscode.l10n.t('; ')));
}

/** "a, b or c", in VS Code's display language. */
export function orList(words: readonly string[]): string {
  const last = words.at(-1);
  return words.length < 2 || last === undefined
    ? (last ?? '')
    : vscode.l10n.t('{0} or {1}', words.slice(0, -1).join(vscode.l10n.t(', ')), last);
}
