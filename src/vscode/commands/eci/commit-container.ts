import * as vscode from '../../vscode-api';
import {
  commitFailure,
  commitProgressText,
  committedImage,
  followCommitTask,
  repositoryProblem,
  tagProblem,
} from '../../../eci/commit-task';
import { commitContainer } from '../../../eci/operations';
import { followInNotification } from '../../follow-in-notification';
import type { ExtensionServices } from '../../services';
import { commitOptionsArg } from '../command-args';
import { containerTarget } from './container-target';

/** What Commit to Image did: the task, the image it makes, and how the task stood when the command ended. */
export interface CommitOutcome {
  readonly taskId: string;
  readonly image: string;
  readonly acrInstanceId: string | undefined;
  /** Succeeded, Failed, or Running when the time ran out or the person stopped following. */
  readonly status: string;
}

/** How long the notification follows a task: the API's three phases take minutes for a large image. */
const FOLLOW_LIMIT_MS = 15 * 60_000;

/**
 * ECI: Commit to Image — a running container's file system made into an image and pushed (CommitContainer): asks
 * the repository, the tag and, for Container Registry Enterprise Edition, its instance; then follows the task
 * (DescribeCommitContainerTask) in a notification until it has succeeded or failed, within FOLLOW_LIMIT_MS.
 * Cancelling stops the following, not the task.
 */
export async function commitContainerCommand(
  services: ExtensionServices,
  arg?: unknown,
  given?: unknown,
): Promise<CommitOutcome | undefined> {
  const options = commitOptionsArg(given);
  const target = await containerTarget(services, arg, false);
  if (target?.containerName === undefined) return undefined;
  const container = target.containerName;
  const groupName = target.group.ContainerGroupName ?? target.group.ContainerGroupId;
  const step = (n: number, what: string): string =>
    vscode.l10n.t('Commit {0} of {1} ({2}/3): {3}', container, groupName, n, what);
  const repository =
    options.repository ??
    (await services.prompter.input({
      title: step(1, vscode.l10n.t('image repository')),
      prompt: vscode.l10n.t('Where the image is pushed, e.g. registry.cn-hangzhou.aliyuncs.com/team/app'),
      ignoreFocusOut: true,
      validateInput: repositoryProblem,
    }));
  if (repository === undefined) return undefined;
  const tag =
    options.tag ??
    (await services.prompter.input({
      title: step(2, vscode.l10n.t('tag')),
      value: 'latest',
      ignoreFocusOut: true,
      validateInput: tagProblem,
    }));
  if (tag === undefined) return undefined;
  const acrInstanceId =
    options.acrInstanceId ??
    (await services.prompter.input({
      title: step(3, vscode.l10n.t('Container Registry Enterprise Edition instance (empty: none)')),
      prompt: vscode.l10n.t('An instance ID like cri-…, when the repository is in one'),
      ignoreFocusOut: true,
      validateInput: (v) =>
        v === '' || /^cri-[\w-]+$/.test(v) ? undefined : vscode.l10n.t('Expected an ID like cri-…, or empty'),
    }));
  if (acrInstanceId === undefined) return undefined;

  const refusedImage = repositoryProblem(repository) ?? tagProblem(tag);
  if (refusedImage !== undefined) throw new Error(refusedImage);
  const image = committedImage(repository, tag);
  const acr = acrInstanceId === '' ? undefined : acrInstanceId;
  const { TaskId: taskId, RequestId } = await commitContainer(
    target.client,
    {
      ContainerGroupId: target.group.ContainerGroupId,
      ContainerName: container,
      Image: { Repository: repository, Tag: tag === '' ? undefined : tag },
      AcrRegistryInfo: acr === undefined ? undefined : { InstanceId: acr, RegionId: target.regionId },
    },
    { regionId: target.regionId },
  );
  services.log.info(
    `Committing ${container} of ${target.group.ContainerGroupId} to ${image} (task ${taskId}, request ${RequestId ?? 'n/a'})`,
  );
  const where = acr === undefined ? image : vscode.l10n.t('{0} in {1}', image, acr);
  const limitMs = options.timeoutMs ?? FOLLOW_LIMIT_MS;
  const followed = await followInNotification(vscode.l10n.t('Committing {0} to {1}', container, image), (signal, say) =>
    followCommitTask(
      target.client,
      { containerGroupId: target.group.ContainerGroupId, taskId, regionId: target.regionId },
      {
        signal,
        intervalMs: options.intervalMs,
        timeoutMs: limitMs,
        onChange: (task) => say(commitProgressText(task)),
      },
    ),
  );
  if (followed === undefined) {
    void services.prompter.notify({
      message: vscode.l10n.t(
        'Stopped following the commit of {0} (task {1}); it goes on, and pushes {2} when done.',
        container,
        taskId,
        where,
      ),
      severity: 'info',
      actions: [],
    });
    // l10n-ignore: the task's status as the API says it (CommitOutcome.status)
    return { taskId, image, acrInstanceId: acr, status: 'Running' };
  }
  const { value: task, done } = followed;
  if (!done) {
    void services.prompter.notify({
      message: vscode.l10n.t(
        'The commit of {0} to {1} is still running after {2} minutes (task {3}, {4}); it goes on without this notification.',
        container,
        where,
        Math.round(limitMs / 60_000),
        taskId,
        task.TaskProgress ?? vscode.l10n.t('progress unknown'),
      ),
      severity: 'warning',
      actions: [],
    });
    return { taskId, image, acrInstanceId: acr, status: task.TaskStatus };
  }
  if (task.TaskStatus === 'Failed') {
    services.log.error(`The commit of ${container} to ${where} failed: ${commitFailure(task)} (task ${taskId})`);
    const text = vscode.l10n.t('The commit of {0} to {1} failed: {2}', container, where, commitFailure(task));
    void services.prompter.notify({ message: text, severity: 'error', actions: [] });
    return { taskId, image, acrInstanceId: acr, status: task.TaskStatus };
  }
  services.log.info(`Commit task ${taskId} succeeded: ${where}`);
  void services.prompter.notify({
    message: vscode.l10n.t('Committed {0} of {1}: the image is {2}.', container, groupName, where),
    severity: 'info',
    actions: [],
  });
  return { taskId, image, acrInstanceId: acr, status: task.TaskStatus };
}
