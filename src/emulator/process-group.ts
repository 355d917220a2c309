import type { ChildProcess } from 'node:child_process';

/**
 * Ends a child started with `detached: true` together with everything it started: `signal` to its process group,
 * then SIGKILL after two seconds if it is still there. Exec shells get SIGHUP (their terminal went away);
 * container processes get SIGTERM (their container is stopping).
 */
export function stopProcessGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.exitCode !== null || child.pid === undefined) return;
  const pid = child.pid;
  try {
    process.kill(-pid, signal);
  } catch {
    return; // already gone
  }
  setTimeout(() => {
    try {
      if (child.exitCode === null) process.kill(-pid, 'SIGKILL');
    } catch {
      // gone in the meantime
    }
  }, 2000).unref();
}
