import * as vscode from '../vscode-api';
import { messageText } from '../error-text';
import { saidInDisplayLanguage } from '../display-locale';
import type { FollowedLine, FollowSettings, FollowStatus, LogSource } from '../../core/log-follower';
import { followSource } from '../../core/log-follower';

/** What a log view follows, of either provider: a source, and which of its containers. */
export interface LogTarget {
  readonly source: LogSource;
  /** What is followed, for the view's first line: "group/container", "group/all containers", "container". */
  readonly label: string;
  /** One container, or all of the workload's when undefined (then each line says whose it is). */
  readonly containerName: string | undefined;
}

export interface LogSettings {
  readonly tail: number;
  readonly sinceSeconds: number | undefined;
  readonly timestamps: boolean;
  readonly maxLines: number;
}

const DIM = '\x1b[2m';
const RESET = '\x1b[0m';
const YELLOW = '\x1b[33m';
const RED = '\x1b[31m';
const COLOURS = ['\x1b[36m', '\x1b[35m', '\x1b[32m', '\x1b[34m', '\x1b[33m'];

/**
 * A line's text as a string of its own. The text the follower hands over is a slice of the whole API answer it came
 * in (V8 keeps substrings as views of their parent), so each kept line would keep its answer alive too (measured:
 * 940 rather than 720 bytes a line). Concatenating makes V8 copy it flat; the slice is then a view of that copy only.
 */
function ownCopy(text: string): string {
  return `${text} `.slice(0, -1);
}

/**
 * Followed logs in a terminal: ANSI colours of the containers' own output kept, the terminal's scrolling (it
 * follows only while one is at the bottom), content kept while hidden. Keys: Space pauses and resumes (lines are kept
 * meanwhile), / filters by text (Enter applies, Esc cancels, an empty filter shows all), t shows or hides
 * timestamps, q or Ctrl-C stops following. At most `maxLines` lines are kept, the oldest dropped.
 */
export class LogTerminal implements vscode.Pseudoterminal {
  private readonly written = new vscode.EventEmitter<string>();
  private readonly closed = new vscode.EventEmitter<number | void>();
  readonly onDidWrite = this.written.event;
  readonly onDidClose = this.closed.event;
  private readonly abort = new AbortController();
  private readonly lines: FollowedLine[] = [];
  private paused = false;
  private held = 0;
  private filter = '';
  private editingFilter: string | undefined;
  private timestamps: boolean;
  private readonly colours = new Map<string, string>();
  /** Lines received in the last seconds, for the status bar. */
  private readonly arrivals: number[] = [];
  status: FollowStatus = { state: 'following' };
  /** What the terminal shows, for tests (the last 64 KB). */
  transcript = '';
  received = 0;
  /** The follow loop, once opened: settled when it has returned (stopped, ended or failed). */
  private loop: Promise<void> = Promise.resolve();

  constructor(
    private readonly target: LogTarget,
    private readonly settings: LogSettings,
    private readonly onChange: () => void,
  ) {
    this.timestamps = settings.timestamps;
  }

  open(): void {
    this.write(
      `${DIM}${vscode.l10n.t('Following {0} · Space pause · / filter · t timestamps · q stop', this.target.label)}${RESET}\r\n`,
    );
    this.loop = this.follow();
  }

  /** Settles once the follow loop has returned: no line is received after that. */
  whenStopped(): Promise<void> {
    return this.loop;
  }

  private write(text: string): void {
    this.transcript = (this.transcript + text).slice(-65_536);
    this.written.fire(text);
  }

  private async follow(): Promise<void> {
    try {
      const options: FollowSettings = {
        containers: this.target.containerName === undefined ? undefined : [this.target.containerName],
        tail: this.settings.tail,
        sinceSeconds: this.settings.sinceSeconds,
        signal: this.abort.signal,
        onStatus: (status) => this.statusChanged(status),
      };
      for await (const line of followSource(this.target.source, options)) {
        this.received++;
        this.arrivals.push(Date.now());
        const text = saidInDisplayLanguage(line.said, line.text);
        this.lines.push({ timestamp: ownCopy(line.timestamp), text: ownCopy(text), container: line.container });
        // Trimmed in batches (a tenth of the cap at a time): dropping the oldest line on every new one would move
        // the whole array for each line of a fast log.
        if (this.lines.length > this.settings.maxLines + Math.max(100, Math.floor(this.settings.maxLines / 10)))
          this.lines.splice(0, this.lines.length - this.settings.maxLines);
        if (this.paused) this.held++;
        else if (this.matches(line)) this.write(this.render(line));
      }
    } catch (error) {
      this.write(`\r\n${RED}${messageText(error)}${RESET}\r\n`);
      this.status = { state: 'ended', reason: messageText(error) };
      this.onChange();
    }
  }

  private statusChanged(status: FollowStatus): void {
    this.status = status;
    if (status.state === 'reconnecting')
      this.write(`${YELLOW}${vscode.l10n.t('… reconnecting ({0})', status.error)}${RESET}\r\n`);
    else if (status.state === 'gap')
      this.write(
        `${YELLOW}${vscode.l10n.t(
          '… lines between {0} and {1} of {2} may be missing: more arrived than one call returns',
          status.from,
          status.to,
          status.container,
        )}${RESET}\r\n`,
      );
    else if (status.state === 'ended')
      this.write(`${DIM}— ${saidInDisplayLanguage(status.said, status.reason)}${RESET}\r\n`);
    this.onChange();
  }

  /** Lines per second over the last five seconds. */
  rate(): number {
    const since = Date.now() - 5_000;
    while (this.arrivals.length > 0 && (this.arrivals[0] ?? 0) < since) this.arrivals.shift();
    return this.arrivals.length / 5;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  private matches(line: FollowedLine): boolean {
    return this.filter === '' || line.text.toLowerCase().includes(this.filter.toLowerCase());
  }

  private render(line: FollowedLine): string {
    let colour = this.colours.get(line.container);
    if (colour === undefined) {
      colour = COLOURS[this.colours.size % COLOURS.length] ?? '';
      this.colours.set(line.container, colour);
    }
    const stamp = this.timestamps ? `${DIM}${line.timestamp.slice(0, 23)}Z${RESET} ` : '';
    const who = this.target.containerName === undefined ? `${colour}[${line.container}]${RESET} ` : '';
    return `${stamp}${who}${line.text}${RESET}\r\n`;
  }

  /** Clears the screen and shows the kept lines that match the filter again. */
  private redraw(): void {
    this.write('\x1b[2J\x1b[3J\x1b[H');
    if (this.filter !== '') this.write(`${DIM}${vscode.l10n.t('Filter: {0}', this.filter)}${RESET}\r\n`);
    this.write(
      this.kept()
        .filter((l) => this.matches(l))
        .map((l) => this.render(l))
        .join(''),
    );
  }

  /** The newest `maxLines` lines (the array may hold a few more until its next trim). */
  private kept(): FollowedLine[] {
    return this.lines.length > this.settings.maxLines
      ? this.lines.slice(this.lines.length - this.settings.maxLines)
      : this.lines;
  }

  handleInput(data: string): void {
    if (this.editingFilter !== undefined) {
      if (data === '\r') {
        this.filter = this.editingFilter;
        this.editingFilter = undefined;
        this.redraw();
      } else if (data === '\x1b') {
        this.editingFilter = undefined;
        this.write(`\r\x1b[K`);
      } else if (data === '\x7f') {
        this.editingFilter = this.editingFilter.slice(0, -1);
        this.write(`\r\x1b[K${YELLOW}/${this.editingFilter}${RESET}`);
      } else if (!data.startsWith('\x1b')) {
        this.editingFilter += data;
        this.write(data);
      }
      return;
    }
    if (data === ' ') this.setPaused(!this.paused);
    else if (data === '/') {
      this.editingFilter = '';
      this.write(`\r\n${YELLOW}/${RESET}`);
    } else if (data === 't') {
      this.timestamps = !this.timestamps;
      this.redraw();
    } else if (data === 'q' || data === '\x03') this.stop();
  }

  setPaused(paused: boolean): void {
    if (paused === this.paused) return;
    this.paused = paused;
    if (paused) this.write(`${YELLOW}${vscode.l10n.t('‖ paused (Space resumes)')}${RESET}\r\n`);
    else {
      const kept = this.kept();
      const held = kept.slice(kept.length - Math.min(this.held, kept.length));
      this.write(
        held
          .filter((l) => this.matches(l))
          .map((l) => this.render(l))
          .join(''),
      );
      this.held = 0;
    }
    this.onChange();
  }

  /** Stops following at once; the lines stay on screen. */
  stop(): void {
    if (!this.abort.signal.aborted) this.abort.abort();
  }

  /** How many lines the view keeps (for redraws, filters and tests). */
  get keptCount(): number {
    return Math.min(this.lines.length, this.settings.maxLines);
  }

  get following(): boolean {
    return !this.abort.signal.aborted && this.status.state !== 'ended';
  }

  close(): void {
    this.stop();
    this.written.dispose();
    this.closed.dispose();
    this.onChange();
  }
}
