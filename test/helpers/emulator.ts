import Eci from '@alicloud/eci20180808';
import * as $OpenApi from '@alicloud/openapi-client';
import { EciClient } from '../../src/eci/client';
import type { EciClientOptions } from '../../src/eci/client';
import { CloudError } from '../../src/core/errors';
import type { ExecBackend } from '../../src/core/exec';
import { eciExecBackend } from '../../src/eci/exec-session';
import { createContainerGroup, describeContainerGroups } from '../../src/eci/operations';
import { jdcloudExecBackend } from '../../src/jdcloud/exec-session';
import { createContainers, waitForContainerStatus } from '../../src/jdcloud/operations';
import type { EmulatorOptions } from '../../src/emulator/server';
import { DEMO_KEY, Emulator } from '../../src/emulator/server';
import { JdcloudClient } from '../../src/jdcloud/client';
import type { JdcloudClientOptions } from '../../src/jdcloud/client';

/** An emulator on a free loopback port and clients for it; `close()` stops all of them. */
export class EmulatorFixture {
  private readonly clients: { close(): Promise<void> }[] = [];
  private constructor(readonly emulator: Emulator) {}

  static async start(options: EmulatorOptions = {}): Promise<EmulatorFixture> {
    return new EmulatorFixture(await Emulator.start({ speed: 1000, ...options }));
  }

  client(overrides: Partial<EciClientOptions> = {}): EciClient {
    const client = new EciClient({
      credentials: { ...DEMO_KEY, source: 'test' },
      regionId: 'cn-hangzhou',
      endpoint: this.emulator.url,
      retryBaseDelayMs: 2,
      retryMaxDelayMs: 10,
      ...overrides,
    });
    this.clients.push(client);
    return client;
  }

  /** A JD Cloud Native Container client of the same emulator (its API is served under /v1/). */
  jdcloudClient(overrides: Partial<JdcloudClientOptions> = {}): JdcloudClient {
    const client = new JdcloudClient({ credentials: DEMO_KEY, endpoint: this.emulator.url, ...overrides });
    this.clients.push(client);
    return client;
  }

  /** Alibaba's official ECI client (the oracle of the emulator's API) for the same emulator, over plain HTTP. */
  officialEci(regionId = 'cn-hangzhou'): Eci {
    return new Eci(
      new $OpenApi.Config({
        accessKeyId: DEMO_KEY.accessKeyId,
        accessKeySecret: DEMO_KEY.accessKeySecret,
        endpoint: new URL(this.emulator.url).host,
        protocol: 'http',
        regionId,
      }),
    );
  }

  /** A running ECI group's container `app` (its PATH `path` when given) and its exec backend, named `name`. */
  async eciExecContainer(name: string, path?: string): Promise<ExecBackend> {
    const client = this.client();
    const { ContainerGroupId } = await createContainerGroup(client, {
      ContainerGroupName: name,
      SecurityGroupId: 'sg',
      VSwitchId: 'vsw',
      Container: [
        {
          Name: 'app',
          Image: 'busybox:1.36',
          EnvironmentVar: path === undefined ? [] : [{ Key: 'PATH', Value: path }],
        },
      ],
    });
    await eventually(async () =>
      (await describeContainerGroups(client, { ContainerGroupIds: [ContainerGroupId] })).ContainerGroups[0]?.Status ===
      'Running'
        ? true
        : undefined,
    );
    return eciExecBackend(() => Promise.resolve(client), {
      regionId: 'cn-hangzhou',
      containerGroupId: ContainerGroupId,
      groupName: name,
      containerName: 'app',
    });
  }

  /** A running JD Cloud Native Container (its PATH `path` when given) in cn-north-1, and its exec backend. */
  async jdcloudExecContainer(name: string, path?: string): Promise<ExecBackend> {
    const client = this.jdcloudClient({ maxAttempts: 1 });
    const region = 'cn-north-1';
    const [id = ''] = (
      await createContainers(client, region, {
        instanceType: 'n.c1.medium',
        az: 'cn-north-1a',
        name,
        image: 'busybox',
        envs: path === undefined ? [] : [{ name: 'PATH', value: path }],
        primaryNetworkInterface: { networkInterface: { subnetId: 'subnet-demo', securityGroups: ['sg-1'] } },
      })
    ).containerIds;
    await waitForContainerStatus(client, region, id, 'running', { intervalMs: 10 });
    return jdcloudExecBackend(() => Promise.resolve(client), region, { containerId: id, name });
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.close()));
    await this.emulator.close();
  }
}

export async function apiError(promise: Promise<unknown>): Promise<CloudError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CloudError) return error;
    throw error;
  }
  throw new Error('expected the call to fail with a CloudError');
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` returns a value, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 5000,
  what = 'the condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not hold within ${timeoutMs} ms`);
    await sleep(20);
  }
}
