import * as vscode from '../vscode-api';
import { saidInDisplayLanguage } from '../display-locale';
import { errorText } from '../error-text';
import type { ExecBackend, ExecConnection } from '../../core/exec';
import { joinSentences } from '../../core/messages/messages';

const RED = '\x1b[31m';
const DIM = '\x1b[2m';
const RESET = '\x1b[0m';
const RESIZE_DEBOUNCE_MS = 100;

/**
 * A VS Code terminal bridged to an exec session: keystrokes go through unchanged, output is written as it arrives,
 * resizes are debounced and sent, a lost connection says so and Enter reconnects, closing the terminal closes the
 * socket. The shell is `eci.exec.shell`, or bash when the container has it, else sh. One terminal for every
 * provider: what differs is the ExecBackend (ECI's container groups, Native Container's containers).
 */
export class ExecTerminal implements vscode.Pseudoterminal {
  private readonly written = new vscode.EventEmitter<string>();
  private readonly closed = new vscode.EventEmitter<number | void>();
  readonly onDidWrite = this.written.event;
  readonly onDidClose = this.closed.event;
  private session: ExecConnection | undefined;
  private size: { columns: number; rows: number } | undefined;
  private resizeTimer: NodeJS.Timeout | undefined;
  private waitingToReconnect = false;
  private disposed = false;
  /** Everything written, for tests and the e2e screenshots to read back (the last 64 KB). */
  transcript = '';

  constructor(
    private readonly backend: ExecBackend,
    private readonly shellSetting: string,
  ) {}

  open(initial: vscode.TerminalDimensions | undefined): void {
    if (initial !== undefined) this.size = { columns: initial.columns, rows: initial.rows };
    void this.connect();
  }

  private write(text: string): void {
    this.transcript = (this.transcript + text).slice(-65_536);
    this.written.fire(text);
  }

  private async shell(): Promise<string[]> {
    if (this.shellSetting !== 'auto' && this.shellSetting.trim() !== '') return [this.shellSetting];
    return this.backend.detectShell();
  }

  private async connect(): Promise<void> {
    this.write(`${DIM}${vscode.l10n.t('Connecting to {0}…', this.backend.label)}${RESET}\r\n`);
    try {
      const command = await this.shell();
      this.session = await this.backend.open(command, this.size, {
        onOutput: (text) => this.write(text),
        onEnd: (end) => {
          if (this.disposed) return;
          if (end.by === 'server' && end.exitCode !== undefined) {
            this.write(`\r\n${DIM}${saidInDisplayLanguage(end.said, end.reason)}${RESET}\r\n`);
            this.closed.fire(end.exitCode);
            return;
          }
          this.write(
            `\r\n${joinSentences(`${RED}${saidInDisplayLanguage(end.said, end.reason)}`, `${RESET}${vscode.l10n.t('Press Enter to reconnect.')}`)}\r\n`,
          );
          this.waitingToReconnect = true;
        },
      });
    } catch (error) {
      this.write(`${RED}${errorText(error)}${RESET}\r\n${vscode.l10n.t('Press Enter to try again.')}\r\n`);
      this.waitingToReconnect = true;
    }
  }

  handleInput(data: string): void {
    if (this.waitingToReconnect) {
      if (data === '\r') {
        this.waitingToReconnect = false;
        void this.connect();
      }
      return;
    }
    this.session?.write(data);
  }

  setDimensions(dimensions: vscode.TerminalDimensions): void {
    this.size = { columns: dimensions.columns, rows: dimensions.rows };
    clearTimeout(this.resizeTimer);
    this.resizeTimer = setTimeout(
      () => void Promise.resolve(this.session?.resize(dimensions.columns, dimensions.rows)).catch(() => undefined),
      RESIZE_DEBOUNCE_MS,
    );
  }

  close(): void {
    this.disposed = true;
    clearTimeout(this.resizeTimer);
    void this.session?.close();
    this.written.dispose();
    this.closed.dispose();
  }
}
