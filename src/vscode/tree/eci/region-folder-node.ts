import type { Profile } from '../../profiles/profile-store';
import { FolderNode } from '../folder-node';
import type { TreeNode } from '../tree-node';

/**
 * A folder of a region's own things (data caches, virtual nodes) that knows its region, so that a command picked
 * from its context menu (Create Data Cache…) creates in that region.
 */
export class RegionFolderNode extends FolderNode {
  constructor(
    parentId: string,
    readonly profile: Profile,
    readonly regionId: string,
    kind: string,
    label: string,
    icon: string,
    children: () => Promise<TreeNode[]>,
    description?: string,
  ) {
    super(parentId, kind, label, icon, children, description);
  }
}
