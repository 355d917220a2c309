import * as vscode from '../vscode-api';
import type { LogTerminal } from './log-terminal';

/** Lines per second of the followed logs, in the status bar while something is followed. */
export class LogStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('eci.logs', vscode.StatusBarAlignment.Left, 9);
  private readonly followed = new Set<LogTerminal>();
  private timer: NodeJS.Timeout | undefined;

  constructor() {
    this.item.name = vscode.l10n.t('ECI Logs');
  }

  add(terminal: LogTerminal): void {
    this.followed.add(terminal);
    this.update();
  }

  /** How many log views are following now. */
  following(): number {
    return [...this.followed].filter((t) => t.following).length;
  }

  update(): void {
    for (const terminal of this.followed) if (!terminal.following) this.followed.delete(terminal);
    if (this.followed.size === 0) {
      this.item.hide();
      clearInterval(this.timer);
      this.timer = undefined;
      return;
    }
    const rate = [...this.followed].reduce((sum, t) => sum + t.rate(), 0);
    const paused = [...this.followed].some((t) => t.isPaused);
    this.item.text = `$(${paused ? 'debug-pause' : 'pulse'}) ${vscode.l10n.t('{0} lines/s', rate.toFixed(rate < 10 ? 1 : 0))}`;
    this.item.tooltip =
      this.followed.size === 1
        ? vscode.l10n.t('Following the logs of 1 container log view')
        : vscode.l10n.t('Following the logs of {0} container log views', this.followed.size);
    this.item.show();
    this.timer ??= setInterval(() => this.update(), 1_000);
  }

  dispose(): void {
    clearInterval(this.timer);
    this.item.dispose();
  }
}
