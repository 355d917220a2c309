import { l10n } from '../../vscode-api';
import type { Profile } from '../../profiles/profile-store';
import type { ExtensionServices } from '../../services';

/** What an ECI command says when it has no profile to act with (a function: said in the language of the moment). */
export function noEciProfile(): string {
  return l10n.t('No ECI profile yet: add one (ECI: Add Profile) or use the local emulator (ECI: Use Local Emulator).');
}

/** `given` (the profile of the node a command was started from), else the active ECI profile, else noEciProfile(). */
export function eciProfile(services: ExtensionServices, given?: Profile): Profile {
  const profile = given ?? services.profiles.active();
  if (profile === undefined) throw new Error(noEciProfile());
  return profile;
}
