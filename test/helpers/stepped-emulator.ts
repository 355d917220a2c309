import { after, before } from 'node:test';
import type { EciClient, EciClientOptions } from '../../src/eci/client';
import { createContainerGroup } from '../../src/eci/operations';
import { EmulatorFixture } from './emulator';

const SECOND = 1000;

/**
 * The emulator of a test file on a clock its tests step by hand (speed 1: a millisecond is an emulated
 * millisecond), so every state is reached by moving time, never by waiting for it. `forFile()` starts it before
 * the file's tests and closes it after them; its client tries each call once.
 */
export class SteppedEmulator {
  readonly time = { now: Date.parse('2026-11-24T10:00:00Z') };
  private started: { fixture: EmulatorFixture; client: EciClient } | undefined;

  static forFile(): SteppedEmulator {
    const emulator = new SteppedEmulator();
    before(async () => {
      const fixture = await EmulatorFixture.start({ speed: 1, now: () => emulator.time.now });
      emulator.started = { fixture, client: emulator.clientOf(fixture) };
    });
    after(() => emulator.started?.fixture.close());
    return emulator;
  }

  get fixture(): EmulatorFixture {
    return this.running().fixture;
  }

  get client(): EciClient {
    return this.running().client;
  }

  /** Another client on the same clock (another region, another endpoint), trying each call once. */
  clientWith(overrides: Partial<EciClientOptions>): EciClient {
    return this.clientOf(this.running().fixture, overrides);
  }

  /** A one-container nginx group (restarted always, running `command` if given), once it runs: its ID. */
  async runningGroup(name: string, command: string[] = []): Promise<string> {
    const { ContainerGroupId } = await createContainerGroup(this.client, {
      SecurityGroupId: 'sg-test',
      VSwitchId: 'vsw-cn-hangzhou-h-test',
      ContainerGroupName: name,
      RestartPolicy: 'Always',
      Container: [{ Name: 'app', Image: 'nginx:1.27-alpine', Command: command }],
    });
    // A group runs 3 s after its creation (src/emulator/lifecycle.ts).
    this.time.now += 4 * SECOND;
    return ContainerGroupId;
  }

  private clientOf(fixture: EmulatorFixture, overrides: Partial<EciClientOptions> = {}): EciClient {
    return fixture.client({ maxAttempts: 1, now: () => new Date(this.time.now), ...overrides });
  }

  private running(): { fixture: EmulatorFixture; client: EciClient } {
    if (this.started === undefined) throw new Error('The emulator starts before the tests (SteppedEmulator.forFile).');
    return this.started;
  }
}
