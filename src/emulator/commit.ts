import { ApiError, invalid, missing, notFound } from './api-error';
import type { Clock } from './lifecycle';
import type { EmulatorStateData, GroupModel } from './model';
import type { CommitTaskModel } from './ops-state';
import { opsState } from './ops-state';
import type { Params } from './params';
import { iso } from './render';
import { pageOffset, pageToken } from './status';

/**
 * CommitContainer and DescribeCommitContainerTask: a container's file system made into an image, by a task that
 * goes through the API's three phases on the emulator's clock (so `--speed` applies): PullBaseImage,
 * CommitContainer, PushCommittedImage, each PHASE_SECONDS long.
 */
const PHASES = ['PullBaseImage', 'CommitContainer', 'PushCommittedImage'] as const;
const PHASE_SECONDS = 10;

export function commitContainer(
  state: EmulatorStateData,
  group: GroupModel,
  p: Params,
  owner: string,
  clock: Clock,
  nextId: (prefix: string) => string,
): Record<string, unknown> {
  const name = p.requiredStr('ContainerName');
  if (!group.spec.Containers.some((c) => c.Name === name)) throw notFound('container', name);
  const image = p.object('Image');
  const repository = image?.str('Repository');
  if (repository === undefined || repository === '') throw missing('Image.Repository');
  // A repository as registries name them: lower-case path parts, optionally after a registry host.
  if (
    !/^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/.test(repository.replace(/^[^/]+\.[^/]+\//, ''))
  )
    throw invalid('Image.Repository', `"${repository}" is not a repository name`);
  const tag = image?.str('Tag') ?? 'latest';
  if (!/^[\w][\w.-]{0,127}$/.test(tag)) throw invalid('Image.Tag', `"${tag}" is not an image tag`);
  if (group.status !== 'Running')
    throw new ApiError(
      400,
      'IncorrectStatus',
      `The container group ${group.ContainerGroupId} is ${group.status}; only a running container can be committed.`,
    );
  const runtime = group.runtimes.find((r) => r.name === name);
  if (runtime?.instances[runtime.instances.length - 1]?.finishedAt !== undefined)
    throw new ApiError(400, 'IncorrectStatus', `The container ${name} is not running.`);
  const tasks = opsState(state).commitTasks;
  const task: CommitTaskModel = {
    TaskId: nextId('t'),
    owner,
    RegionId: group.RegionId,
    ContainerGroupId: group.ContainerGroupId,
    ContainerName: name,
    image: `${repository}:${tag}`,
    createdAt: clock.now(),
    willFail: /(^|\/)fail/i.test(repository),
  };
  tasks[task.TaskId] = task;
  return { TaskId: task.TaskId };
}

function renderTask(task: CommitTaskModel, now: number, clock: Clock): Record<string, unknown> {
  const phaseMs = clock.span(PHASE_SECONDS);
  const elapsed = now - task.createdAt;
  // How many phases are over; a failing task fails in its last phase, the push.
  const done = Math.min(PHASES.length, Math.floor(elapsed / phaseMs));
  const failed = task.willFail && done === PHASES.length;
  const finished = done === PHASES.length;
  const infos = PHASES.slice(0, failed ? PHASES.length : Math.min(PHASES.length, done + 1)).map((phase, i) => {
    const over = i < done;
    const status = failed && i === PHASES.length - 1 ? 'Failed' : over ? 'Success' : 'Running';
    return {
      Phase: phase,
      Status: status,
      RecordTime: iso(task.createdAt + (over ? i + 1 : i) * phaseMs),
      Message:
        phase === 'PullBaseImage'
          ? `Pull base image for container ${task.ContainerName} ${over ? 'successfully' : 'in progress'}`
          : phase === 'CommitContainer'
            ? `Commit container ${task.ContainerName} ${over ? 'successfully' : 'in progress'}`
            : status === 'Failed'
              ? `Push image ${task.image} failed: access to the repository is denied`
              : `Push image ${task.image} ${over ? 'successfully' : 'in progress'}`,
    };
  });
  return {
    TaskId: task.TaskId,
    ContainerName: task.ContainerName,
    TaskStatus: failed ? 'Failed' : finished ? 'Succeeded' : 'Running',
    TaskProgress: `${finished ? 100 : Math.floor((elapsed / (phaseMs * PHASES.length)) * 100)}%`,
    StatusMessage: failed
      ? `Commit container ${task.ContainerName} failed`
      : finished
        ? `Commit container ${task.ContainerName} to ${task.image} successfully`
        : `Commit container ${task.ContainerName} in progress`,
    TaskCreationTime: iso(task.createdAt),
    TaskFinishedTime: finished ? iso(task.createdAt + PHASES.length * phaseMs) : '',
    CommitPhaseInfos: infos,
  };
}

export function describeCommitContainerTask(
  state: EmulatorStateData,
  group: GroupModel,
  p: Params,
  clock: Clock,
): Record<string, unknown> {
  const ids = p.strings('TaskId', 20);
  const status = p.oneOf('TaskStatus', ['Running', 'Succeeded', 'Failed'] as const);
  const max = p.int('MaxResults', 1, 100) ?? 10;
  const now = clock.now();
  const tasks = Object.values(opsState(state).commitTasks)
    .filter((t) => t.ContainerGroupId === group.ContainerGroupId && (ids.length === 0 || ids.includes(t.TaskId)))
    .sort((a, b) => b.createdAt - a.createdAt)
    .map((t) => renderTask(t, now, clock))
    .filter((t) => status === undefined || t['TaskStatus'] === status);
  const offset = pageOffset(p.str('NextToken'));
  return {
    CommitTasks: tasks.slice(offset, offset + max),
    // The SDK's model types MaxResults as a string.
    MaxResults: String(max),
    NextToken: offset + max < tasks.length ? pageToken(offset + max) : '',
    TotalCount: tasks.length,
  };
}
