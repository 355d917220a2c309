import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from '../vscode-api';
import { DEMO_KEY } from '../../emulator/demo-key';

export interface RunningEmulator {
  readonly url: string;
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
}

/**
 * The local ECI emulator, started in the background from the extension's own `dist/cli.js` with demo data and its
 * state kept in the extension's storage; stopped with the extension. One per window. When the `eci.emulator.url`
 * setting names one that runs already (as `npm start` and `eci emulator` print), that one is used with the demo key.
 */
export class LocalEmulator implements vscode.Disposable {
  private child: ChildProcess | undefined;
  private running: Promise<RunningEmulator> | undefined;

  constructor(
    private readonly extensionPath: string,
    private readonly storagePath: string,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** The `eci.emulator.url` setting as written (trimmed; empty when not set). */
  static configuredText(): string {
    return vscode.workspace.getConfiguration('eci').get<string>('emulator.url', '').trim();
  }

  /** The emulator the `eci.emulator.url` setting names, if any (a wrong value says so rather than being ignored). */
  static configuredUrl(): string | undefined {
    const text = LocalEmulator.configuredText();
    if (text === '') return undefined;
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new Error(`The setting eci.emulator.url is not a URL: "${text}".`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new Error(`The setting eci.emulator.url must be an http:// URL, not "${text}".`);
    return url.origin;
  }

  async start(): Promise<RunningEmulator> {
    const configured = LocalEmulator.configuredUrl();
    if (configured !== undefined) return { url: configured, ...DEMO_KEY };
    this.running ??= this.launch().catch((error: unknown) => {
      this.running = undefined;
      throw error;
    });
    return this.running;
  }

  private launch(): Promise<RunningEmulator> {
    mkdirSync(this.storagePath, { recursive: true });
    const args = [
      join(this.extensionPath, 'dist', 'cli.js'),
      'emulator',
      '--seed',
      'demo',
      '--port',
      '0',
      '--state',
      join(this.storagePath, 'emulator-state.json'),
    ];
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    this.child = child;
    return new Promise((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error('The local emulator did not start within 15 s.')), 15_000);
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const url = /^listening on (\S+)$/m.exec(out)?.[1];
        const credentials = /^credentials: access key id (\S+), access key secret (\S+)$/m.exec(out);
        if (url !== undefined && credentials?.[1] !== undefined && credentials[2] !== undefined) {
          clearTimeout(timer);
          this.log.info(`Local ECI emulator listening on ${url}`);
          resolve({ url, accessKeyId: credentials[1], accessKeySecret: credentials[2] });
        }
      });
      child.stderr?.on('data', (chunk: Buffer) => this.log.warn(`emulator: ${chunk.toString().trim()}`));
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(new Error(`The local emulator could not start: ${error.message}`));
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        this.running = undefined;
        if (code !== null && code !== 0) reject(new Error(`The local emulator exited with code ${code}.`));
      });
    });
  }

  dispose(): void {
    this.child?.kill('SIGINT');
  }
}
