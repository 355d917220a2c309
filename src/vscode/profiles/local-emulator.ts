import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { connect as netConnect, isIP } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { join } from 'node:path';
import * as vscode from '../vscode-api';
import { DEMO_KEY } from '../../emulator/demo-key';

export interface RunningEmulator {
  readonly url: string;
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
}

/**
 * Whether anything answers HTTP at `url` within `timeoutMs` (any status: the emulator answers 400 to a bare GET).
 * Asked on a socket of its own, not through `http.request`, which VS Code sends through `http.proxy`: a proxy
 * elsewhere cannot reach this machine's loopback, where the emulator listens.
 */
function answers(url: string, timeoutMs = 2_000): Promise<boolean> {
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      resolve(false);
      return;
    }
    const secure = target.protocol === 'https:';
    const host = target.hostname.replace(/^\[|\]$/g, '');
    const port = Number(target.port) || (secure ? 443 : 80);
    const socket = secure
      ? tlsConnect({ host, port, servername: isIP(host) === 0 ? host : undefined })
      : netConnect({ host, port });
    const done = (answered: boolean): void => {
      socket.destroy();
      resolve(answered);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once(secure ? 'secureConnect' : 'connect', () =>
      socket.write(`GET / HTTP/1.1\r\nHost: ${target.host}\r\nConnection: close\r\n\r\n`),
    );
    socket.once('data', (chunk: Buffer) => done(chunk.toString('latin1').startsWith('HTTP/')));
    socket.once('error', () => done(false));
    socket.once('end', () => done(false));
  });
}

/** Why the emulator is not there, and what to do. */
function startAgain(gone: string): string {
  return vscode.l10n.t('{0} Run "ECI: Use Local Emulator" to start it again.', gone);
}

/**
 * The local ECI emulator, started in the background from the extension's own `dist/cli.js` with demo data and its
 * state kept in the extension's storage; stopped with the extension. One per window. When the `eci.emulator.url`
 * setting names one that runs already (as `npm start` and `eci emulator` print), that one is used with the demo key.
 *
 * When the emulator goes away (its process ended, or the one the setting names stopped answering), it says so once
 * through `onDidStop`, and until it is started again (`restart()`, from Use Local Emulator) every client asked for
 * gets that reason in words instead of "connection refused". A setting whose emulator is gone is then passed over
 * for one started in this window.
 */
export class LocalEmulator implements vscode.Disposable {
  private child: ChildProcess | undefined;
  private running: Promise<RunningEmulator> | undefined;
  /** Why the emulator is not there, from the moment that was noticed until it is started again. */
  private gone: string | undefined;
  /** The emulator the setting names stopped: this window starts its own instead. */
  private ownInstead = false;
  private checking = false;
  private disposed = false;
  private readonly stopped = new vscode.EventEmitter<string>();
  /** Fires once when the emulator in use goes away, with the reason in words. */
  readonly onDidStop = this.stopped.event;

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
      throw new Error(vscode.l10n.t('The setting eci.emulator.url is not a URL: "{0}".', text));
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new Error(vscode.l10n.t('The setting eci.emulator.url must be an http:// URL, not "{0}".', text));
    return url.origin;
  }

  /** The emulator in use, started in this window if need be; an error in words when it has gone away. */
  async start(): Promise<RunningEmulator> {
    if (this.gone !== undefined) throw new Error(startAgain(this.gone));
    const configured = this.ownInstead ? undefined : LocalEmulator.configuredUrl();
    if (configured !== undefined) {
      if (await answers(configured)) return { url: configured, ...DEMO_KEY };
      this.markGone(
        vscode.l10n.t(
          'The local emulator at {0} (the eci.emulator.url setting) does not answer: it has stopped.',
          configured,
        ),
      );
      throw new Error(startAgain(this.gone ?? ''));
    }
    return this.launchOnce();
  }

  /**
   * Use Local Emulator: the emulator again after it went away (or for the first time). The one the setting names
   * when it answers, else one started in this window.
   */
  async restart(): Promise<RunningEmulator> {
    this.gone = undefined;
    const configured = this.ownInstead ? undefined : LocalEmulator.configuredUrl();
    if (configured !== undefined) {
      if (await answers(configured)) return { url: configured, ...DEMO_KEY };
      this.log.warn(`The emulator at ${configured} (eci.emulator.url) does not answer; starting one in this window.`);
      this.ownInstead = true;
    }
    return this.launchOnce();
  }

  /** The `eci.emulator.url` setting changed: the emulator it names is given a new chance. */
  settingChanged(): void {
    this.ownInstead = false;
    this.gone = undefined;
  }

  /**
   * A call to the emulator failed on the network: whether it is still there is looked at once (it may only have
   * been slow), and if it is not, that is said (`onDidStop`).
   */
  async noticeNetworkFailure(): Promise<void> {
    if (this.gone !== undefined || this.checking || this.disposed) return;
    const configured = this.ownInstead ? '' : LocalEmulator.configuredText();
    const url = configured !== '' ? configured : (await this.running?.catch(() => undefined))?.url;
    if (url === undefined) return;
    this.checking = true;
    try {
      if (!(await answers(url)))
        this.markGone(vscode.l10n.t('The local emulator at {0} does not answer: it has stopped.', url));
    } finally {
      this.checking = false;
    }
  }

  private markGone(reason: string): void {
    if (this.gone !== undefined || this.disposed) return;
    this.gone = reason;
    this.running = undefined;
    // One of ours that is there but does not answer is ended: the next start makes a new one.
    if (this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null)
      this.child.kill('SIGINT');
    this.log.warn(reason);
    this.stopped.fire(reason);
  }

  private launchOnce(): Promise<RunningEmulator> {
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
      const timer = setTimeout(
        () => reject(new Error(vscode.l10n.t('The local emulator did not start within 15 s.'))),
        15_000,
      );
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
        reject(new Error(vscode.l10n.t('The local emulator could not start: {0}', error.message)));
      });
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        if (this.child !== child) return;
        this.running = undefined;
        if (code !== null && code !== 0)
          reject(new Error(vscode.l10n.t('The local emulator exited with code {0}.', code)));
        this.markGone(
          code !== null
            ? vscode.l10n.t('The local emulator stopped (it exited with code {0}).', code)
            : vscode.l10n.t('The local emulator stopped (it was ended by {0}).', signal ?? vscode.l10n.t('a signal')),
        );
      });
    });
  }

  dispose(): void {
    this.disposed = true;
    this.child?.kill('SIGINT');
    this.stopped.dispose();
  }
}
