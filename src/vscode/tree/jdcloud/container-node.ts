import type { JdcloudContainer } from '../../../jdcloud/operations';
import { JDCLOUD_PROVIDER } from '../../../jdcloud/provider';
import type { Profile } from '../../profiles/profile-store';
import type { TreeNode } from '../tree-node';
import { WorkloadNode } from '../workload-node';

/** A JD Cloud container: a workload row (its provider's `row()`) with nothing under it, for JD Cloud's commands. */
export class JdcloudContainerNode extends WorkloadNode<JdcloudContainer> {
  constructor(profile: Profile, regionId: string, container: JdcloudContainer, above: TreeNode) {
    super(profile, regionId, JDCLOUD_PROVIDER, container, above, 'container');
  }

  get container(): JdcloudContainer {
    return this.item;
  }
}
