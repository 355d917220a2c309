import * as vscode from '../vscode-api';
import type { ProviderId } from '../../providers/providers';

/**
 * The URIs of containers' files: `eci-container://<where>/<path>`, `<where>` naming the provider, the profile, the
 * region, the workload and the container (each part percent-encoded, joined by "+"), the path the file's absolute
 * path in the container. One container's files share an authority, so VS Code joins their paths as it does a
 * folder's.
 */
export const CONTAINER_SCHEME = 'eci-container';

export interface ContainerPlace {
  readonly provider: ProviderId;
  readonly profileId: string;
  readonly regionId: string;
  /** The workload's ID (an ECI group's, a JD Cloud container's). */
  readonly workloadId: string;
  /** The container's name within the workload. */
  readonly container: string;
}

export function containerUri(place: ContainerPlace, path: string): vscode.Uri {
  const authority = [place.provider, place.profileId, place.regionId, place.workloadId, place.container]
    .map(encodeURIComponent)
    .join('+');
  return vscode.Uri.from({ scheme: CONTAINER_SCHEME, authority, path });
}

/** The container a URI of ours names; an Error saying so for any other URI. */
export function containerPlace(uri: vscode.Uri): ContainerPlace {
  const parts = uri.authority.split('+').map((part) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return '';
    }
  });
  const [provider, profileId, regionId, workloadId, container] = parts;
  if (
    uri.scheme !== CONTAINER_SCHEME ||
    parts.length !== 5 ||
    (provider !== 'eci' && provider !== 'jdcloud') ||
    !profileId ||
    !regionId ||
    !workloadId ||
    !container
  )
    throw new Error(vscode.l10n.t("{0} does not name a container's file.", uri.toString()));
  return { provider, profileId, regionId, workloadId, container };
}

/** One key per container, for the caches of its file access. */
export function placeKey(place: ContainerPlace): string {
  return JSON.stringify([place.provider, place.profileId, place.regionId, place.workloadId, place.container]);
}
