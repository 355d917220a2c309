import type { Profile } from '../../profiles/profile-store';
import type { ExtensionServices } from '../../services';

/** What an ECI command says when it has no profile to act with. */
export const NO_ECI_PROFILE =
  'No ECI profile yet: add one (ECI: Add Profile) or use the local emulator (ECI: Use Local Emulator).';

/** `given` (the profile of the node a command was started from), else the active ECI profile, else NO_ECI_PROFILE. */
export function eciProfile(services: ExtensionServices, given?: Profile): Profile {
  const profile = given ?? services.profiles.active();
  if (profile === undefined) throw new Error(NO_ECI_PROFILE);
  return profile;
}
