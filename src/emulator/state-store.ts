import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { EmulatorStateData } from './model';
import { emptyState } from './model';

/**
 * Keeps the emulator's state in a file, if one is given: loaded at start, written atomically (a temporary file
 * renamed over the old one) shortly after each change and at shutdown, so a restart loses nothing.
 */
export class StateStore {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly data: EmulatorStateData,
    private readonly path: string | undefined,
  ) {}

  static load(path: string | undefined): StateStore {
    if (path === undefined || !existsSync(path)) return new StateStore(emptyState(), path);
    let data: EmulatorStateData;
    try {
      data = JSON.parse(readFileSync(path, 'utf8')) as EmulatorStateData;
    } catch (error) {
      throw new Error(
        `The state file ${path} is not valid JSON (${(error as Error).message}); move it away or pass another --state.`,
        { cause: error },
      );
    }
    if (data?.version !== 1 || typeof data.groups !== 'object' || typeof data.imageCaches !== 'object') {
      throw new Error(`The state file ${path} is not an ECI emulator state (version 1).`);
    }
    data.idempotency ??= {};
    return new StateStore(data, path);
  }

  changed(): void {
    if (this.path === undefined || this.timer !== undefined) return;
    this.timer = setTimeout(() => this.flush(), 100);
  }

  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.path === undefined) return;
    const temporary = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.data));
    renameSync(temporary, this.path);
  }
}
