import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EciClient } from '../../src/eci/client';
import { createContainerGroup, deleteContainerGroup } from '../../src/eci/operations';
import { DEMO_KEY, Emulator } from '../../src/emulator/server';
import { untilRunning } from './running-group';
import { backOnOwnEmulator, useEmulatorAt } from './workbench';

/** A free port of 127.0.0.1, for a program the test starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** An emulator of the suite's own that runs containers' commands as processes of this machine, the extension on it. */
export interface ProcessEmulator {
  /** Where each container's folder is: `<workRoot>/<group ID>/<container name>`. */
  readonly workRoot: string;
  /** A running one-container group whose container runs `script` (sh) with `env`; its ID. Deleted after the suite. */
  group(name: string, script: string, env?: Readonly<Record<string, string>>): Promise<string>;
}

/**
 * Registers, in the calling `describe`, the hooks that start an emulator with `--runtime process` (what a container
 * listens on is then on this machine's loopback too, as a relay run in it by exec reaches it), point the extension's
 * emulator profile at it, and afterwards delete the groups made, go back to the extension's own emulator and close
 * it. `container` is the name and image of each group's one container.
 */
export function useProcessEmulator(
  prefix: string,
  container: { readonly name: string; readonly image: string },
): ProcessEmulator {
  let emulator: Emulator | undefined;
  let client: EciClient | undefined;
  let workRoot = '';
  const groups: string[] = [];
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('The process emulator is used before its suite started it.');
    return value;
  };

  before(async () => {
    workRoot = mkdtempSync(join(tmpdir(), prefix));
    emulator = await Emulator.start({ runtime: 'process', workRoot });
    client = new EciClient({
      credentials: { ...DEMO_KEY, source: 'test' },
      regionId: 'cn-hangzhou',
      endpoint: emulator.url,
    });
    await useEmulatorAt(emulator.url);
  });

  after(async () => {
    for (const id of groups) await deleteContainerGroup(started(client), id);
    await backOnOwnEmulator();
    await client?.close();
    await emulator?.close();
  });

  return {
    get workRoot() {
      return workRoot;
    },
    async group(name, script, env = {}) {
      const { ContainerGroupId: id } = await createContainerGroup(started(client), {
        ContainerGroupName: name,
        SecurityGroupId: 'sg-cn-hangzhou-demo',
        VSwitchId: 'vsw-cn-hangzhou-h-demo',
        Container: [
          {
            Name: container.name,
            Image: container.image,
            Command: ['sh', '-c', script],
            EnvironmentVar: Object.entries(env).map(([Key, Value]) => ({ Key, Value })),
          },
        ],
      });
      groups.push(id);
      await untilRunning(started(client), id, name);
      return id;
    },
  };
}
