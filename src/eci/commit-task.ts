import type { EciClient } from './client';
import { eciError } from './error-hints';
import { describeCommitContainerTask } from './operations';
import type { CommitTask } from './records';
import type { PollOptions, PollResult } from './task-poll';
import { pollUntil } from './task-poll';

/**
 * Following a CommitContainer task (DescribeCommitContainerTask) until it has Succeeded or Failed, and saying what
 * it did. Free of `vscode`: the Commit to Image command shows it in a notification.
 */
export interface CommitTaskRef {
  readonly containerGroupId: string;
  readonly taskId: string;
  readonly regionId: string;
}

export async function followCommitTask(
  client: EciClient,
  ref: CommitTaskRef,
  options: PollOptions<CommitTask> = {},
): Promise<PollResult<CommitTask>> {
  return pollUntil(
    async (signal) => {
      const page = await describeCommitContainerTask(
        client,
        { ContainerGroupId: ref.containerGroupId, TaskId: [ref.taskId] },
        { regionId: ref.regionId, signal },
      );
      const task = page.CommitTasks.find((t) => t.TaskId === ref.taskId);
      if (task === undefined)
        throw eciError({
          code: 'InvalidParameter.NotFound',
          message: `The commit task ${ref.taskId} of ${ref.containerGroupId} is not listed in ${ref.regionId}.`,
        });
      return task;
    },
    (task) => task.TaskStatus === 'Succeeded' || task.TaskStatus === 'Failed',
    (task) => `${task.TaskStatus}|${task.TaskProgress ?? ''}|${currentPhase(task)?.Phase ?? ''}`,
    options,
  );
}

/** The phase the task is in (the last one listed), or undefined before the first. */
export function currentPhase(task: CommitTask): CommitTask['CommitPhaseInfos'][number] | undefined {
  return task.CommitPhaseInfos.at(-1);
}

/** One line of where a task stands: "50% · CommitContainer: Commit container app in progress". */
export function commitProgressText(task: CommitTask): string {
  const phase = currentPhase(task);
  return [task.TaskProgress, phase === undefined ? undefined : `${phase.Phase}: ${phase.Message ?? phase.Status ?? ''}`]
    .filter((part) => part !== undefined && part !== '')
    .join(' · ');
}

/** Why a task failed: its failed phase's message, else its status message. */
export function commitFailure(task: CommitTask): string {
  const failed = task.CommitPhaseInfos.find((p) => p.Status === 'Failed');
  return failed?.Message ?? task.StatusMessage ?? `the task ${task.TaskId} failed`;
}

/** The image a commit makes: `repository:tag`, with the API's default tag. */
export function committedImage(repository: string, tag: string | undefined): string {
  return `${repository}:${tag === undefined || tag === '' ? 'latest' : tag}`;
}

/** A repository as registries name them (lower-case path parts), optionally after a registry host. */
export function repositoryProblem(repository: string): string | undefined {
  const path = repository.replace(/^[^/]+\.[^/]+\//, '');
  return /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/.test(path)
    ? undefined
    : 'A repository such as registry.cn-hangzhou.aliyuncs.com/team/app: lower-case letters, digits, ".", "_", "-" and "/"';
}

export function tagProblem(tag: string): string | undefined {
  return tag === '' || /^[\w][\w.-]{0,127}$/.test(tag)
    ? undefined
    : 'A tag of up to 128 letters, digits, "_", "." and "-", not starting with "." or "-"';
}
