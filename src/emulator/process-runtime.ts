import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import type { ExecSessions } from './exec';
import type { Clock } from './lifecycle';
import { advance, containerExited, runsAsProcess } from './lifecycle';
import type { LogLine } from './logs';
import type { EmulatorStateData, GroupModel } from './model';
import { stopProcessGroup } from './process-group';

const MAX_LINES_PER_INSTANCE = 20_000;
const RECONCILE_MS = 100;

/**
 * `--runtime process` (opt-in: it runs the commands of templates on this machine): every instance of a container
 * with a command is a real local process, so its output, exit code and restarts are real. A reconcile loop starts
 * processes for instances the lifecycle has started and stops those of instances that ended (restart, update,
 * delete); a process that exits ends its instance, and the restart policy takes it from there.
 */
export class ProcessRuntime {
  private readonly processes = new Map<string, ChildProcess>();
  private readonly captured = new Map<string, LogLine[]>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly state: EmulatorStateData,
    private readonly clock: Clock,
    private readonly exec: ExecSessions,
    private readonly onChange: () => void,
  ) {
    this.timer = setInterval(() => this.reconcile(), RECONCILE_MS);
    this.timer.unref();
  }

  /** The captured output of one instance, or undefined when the instance is not a process. */
  linesOf(group: GroupModel, containerName: string, startedAt: number): LogLine[] | undefined {
    return this.captured.get(key(group.ContainerGroupId, containerName, startedAt));
  }

  reconcile(): void {
    const wanted = new Set<string>();
    for (const group of Object.values(this.state.groups)) {
      if (advance(group, this.clock)) this.onChange();
      if (group.status !== 'Running') continue;
      for (const runtime of group.runtimes) {
        const container = group.spec.Containers.find((c) => c.Name === runtime.name);
        const current = runtime.instances[runtime.instances.length - 1];
        if (
          container === undefined ||
          current === undefined ||
          current.finishedAt !== undefined ||
          !runsAsProcess(container, this.clock)
        )
          continue;
        const id = key(group.ContainerGroupId, container.Name, current.startedAt);
        wanted.add(id);
        if (!this.processes.has(id)) this.start(group, container.Name, [...container.Commands, ...container.Args], id);
      }
    }
    for (const [id, child] of this.processes) {
      if (!wanted.has(id)) {
        this.processes.delete(id);
        stopProcessGroup(child, 'SIGTERM');
      }
    }
    // Output of instances that no longer exist (groups deleted) is dropped; the last two instances are kept.
    for (const id of this.captured.keys()) {
      const groupId = id.split('/')[0] ?? '';
      if (this.state.groups[groupId] === undefined) this.captured.delete(id);
    }
  }

  private start(group: GroupModel, containerName: string, command: string[], id: string): void {
    const { cwd, env } = this.exec.prepare(group, containerName);
    const lines: LogLine[] = this.captured.get(id) ?? [];
    this.captured.set(id, lines);
    let sequence = 0;
    const record = (text: string): void => {
      const now = this.clock.now();
      // Lines within one millisecond keep their order through a nanosecond counter.
      lines.push({ second: Math.floor(now / 1000), nanos: (now % 1000) * 1e6 + (sequence++ % 1e6), text });
      if (lines.length > MAX_LINES_PER_INSTANCE) lines.splice(0, lines.length - MAX_LINES_PER_INSTANCE);
    };
    const child = spawn(command[0] ?? 'sh', command.slice(1), {
      cwd,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.processes.set(id, child);
    for (const stream of [child.stdout, child.stderr]) {
      let partial = '';
      stream.on('data', (chunk: Buffer) => {
        const parts = (partial + chunk.toString('utf8')).split('\n');
        partial = parts.pop() ?? '';
        for (const part of parts) record(part);
      });
      stream.on('end', () => partial !== '' && record(partial));
    }
    const finish = (exitCode: number, message?: string): void => {
      if (message !== undefined) record(message);
      const current = this.state.groups[group.ContainerGroupId];
      if (current !== undefined && this.processes.get(id) === child) {
        this.processes.delete(id);
        containerExited(current, containerName, this.clock.now(), exitCode, this.clock);
        this.onChange();
      }
    };
    child.on('error', (error) => finish(127, `exec: ${error.message}`));
    child.on('close', (code, signal) => finish(code ?? (signal === 'SIGKILL' ? 137 : 143)));
  }

  close(): void {
    clearInterval(this.timer);
    for (const child of this.processes.values()) stopProcessGroup(child, 'SIGTERM');
    this.processes.clear();
  }
}

function key(groupId: string, containerName: string, startedAt: number): string {
  return `${groupId}/${containerName}/${startedAt}`;
}
