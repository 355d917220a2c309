import { randomBytes } from 'node:crypto';
import * as vscode from '../vscode-api';
import type { EciClient } from '../../eci/client';
import { describeContainerGroupMetric } from '../../eci/operations';
import { metricCharts } from '../../eci/metric-series';

export interface MetricsTarget {
  readonly client: EciClient;
  readonly regionId: string;
  readonly containerGroupId: string;
  readonly groupName: string;
}

const RANGES = [
  [300, 'Last 5 minutes'],
  [3600, 'Last hour'],
  [21_600, 'Last 6 hours'],
  [86_400, 'Last day'],
] as const;
// The periods the API takes (docs/reference/eci-api-2020-notes.md §8.1); it refuses any other, an hour among them.
const PERIODS = [15, 30, 60, 600] as const;

/**
 * A group's CPU, memory and network charts, per container and for the group, from DescribeContainerGroupMetric; the
 * range and period are chosen in the panel; refreshed every period while the panel is visible, never while hidden.
 * The page runs only the bundled media/metrics.js, under a strict Content-Security-Policy.
 */
export class MetricsPanel implements vscode.Disposable {
  readonly panel: vscode.WebviewPanel;
  private rangeSeconds = 300;
  private periodSeconds = 15;
  private timer: NodeJS.Timeout | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  /** How many times data was sent to the page (for tests). */
  updates = 0;
  lastError: string | undefined;

  constructor(
    private readonly target: MetricsTarget,
    extensionUri: vscode.Uri,
  ) {
    const media = vscode.Uri.joinPath(extensionUri, 'media');
    this.panel = vscode.window.createWebviewPanel(
      'eci.metrics',
      `Metrics: ${target.groupName}`,
      vscode.ViewColumn.Active,
      { enableScripts: true, localResourceRoots: [media], retainContextWhenHidden: false },
    );
    const webview = this.panel.webview;
    const nonce = randomBytes(16).toString('base64');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(media, 'metrics.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(media, 'metrics.css'));
    webview.html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${webview.cspSource}; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}"><title>Metrics</title></head>
<body><header><h1>${escapeHtml(target.groupName)}</h1>
<select id="range" aria-label="Range">${RANGES.map(([s, label]) => `<option value="${s}"${s === 300 ? ' selected' : ''}>${label}</option>`).join('')}</select>
<select id="period" aria-label="Period">${PERIODS.map((p) => `<option value="${p}"${p === 15 ? ' selected' : ''}>every ${p < 60 ? `${p} s` : `${p / 60} min`}</option>`).join('')}</select>
<span id="status">Loading…</span></header><div id="charts"></div>
<script nonce="${nonce}" src="${script.toString()}"></script></body></html>`;
    this.subscriptions.push(
      webview.onDidReceiveMessage((message: { type?: string; range?: number; period?: number }) => {
        if (message.type === 'configure') {
          if (RANGES.some(([s]) => s === message.range)) this.rangeSeconds = message.range ?? this.rangeSeconds;
          if (PERIODS.some((p) => p === message.period)) this.periodSeconds = message.period ?? this.periodSeconds;
        }
        void this.refresh();
      }),
      this.panel.onDidChangeViewState(() => (this.panel.visible ? void this.refresh() : this.stop())),
      this.panel.onDidDispose(() => this.dispose()),
    );
  }

  /** Fetches and sends the charts, then schedules the next refresh one period later (only while visible). */
  async refresh(): Promise<void> {
    this.stop();
    if (!this.panel.visible) return;
    const end = new Date();
    const start = new Date(end.getTime() - this.rangeSeconds * 1000);
    try {
      const { Records } = await describeContainerGroupMetric(
        this.target.client,
        {
          ContainerGroupId: this.target.containerGroupId,
          StartTime: start.toISOString().replace(/\.\d+Z$/, 'Z'),
          EndTime: end.toISOString().replace(/\.\d+Z$/, 'Z'),
          Period: this.periodSeconds,
        },
        { regionId: this.target.regionId },
      );
      this.lastError = undefined;
      await this.panel.webview.postMessage({
        charts: metricCharts(Records),
        records: Records.length,
        updatedAt: Date.now(),
      });
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
      await this.panel.webview.postMessage({ error: this.lastError, updatedAt: Date.now() });
    }
    this.updates++;
    if (this.panel.visible) this.timer = setTimeout(() => void this.refresh(), Math.max(15, this.periodSeconds) * 1000);
  }

  private stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.stop();
    for (const s of this.subscriptions.splice(0)) s.dispose();
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
