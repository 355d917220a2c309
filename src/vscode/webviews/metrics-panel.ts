import { randomBytes } from 'node:crypto';
import { messageText } from '../error-text';
import * as vscode from '../vscode-api';
import type { EciClient } from '../../eci/client';
import { describeContainerGroupMetric } from '../../eci/operations';
import type { MetricCharts, Series } from '../../eci/metric-series';
import { metricCharts } from '../../eci/metric-series';

export interface MetricsTarget {
  readonly client: EciClient;
  readonly regionId: string;
  readonly containerGroupId: string;
  readonly groupName: string;
}

const RANGES = [300, 3600, 21_600, 86_400] as const;
// The periods the API takes (docs/reference/eci-api-2020-notes.md §8.1); it refuses any other, an hour among them.
const PERIODS = [15, 30, 60, 600] as const;

function rangeLabel(seconds: (typeof RANGES)[number]): string {
  switch (seconds) {
    case 300:
      return vscode.l10n.t('Last 5 minutes');
    case 3600:
      return vscode.l10n.t('Last hour');
    case 21_600:
      return vscode.l10n.t('Last 6 hours');
    case 86_400:
      return vscode.l10n.t('Last day');
  }
}

function periodLabel(seconds: number): string {
  return seconds < 60 ? vscode.l10n.t('every {0} s', seconds) : vscode.l10n.t('every {0} min', seconds / 60);
}

/** The words media/metrics.js writes into the page, in the editor's language ({0}, {1}: what it fills in). */
function pageWords(): Record<string, string> {
  return {
    noData: vscode.l10n.t('No data in this range yet.'),
    updatedOne: vscode.l10n.t('Updated {0} · 1 point'),
    updatedMany: vscode.l10n.t('Updated {0} · {1} points'),
    cpu: vscode.l10n.t('CPU'),
    memory: vscode.l10n.t('Memory (working set)'),
    network: vscode.l10n.t('Network'),
    cores: vscode.l10n.t('{0} cores'),
  };
}

/** The charts with the names of the series that are not containers' (the group's, the network's) in words. */
function namedCharts(charts: MetricCharts): MetricCharts {
  // The group's series comes first in the CPU and memory charts, before the containers' (a container may be named
  // "group" too); the network chart has only its two.
  const groupFirst = (series: Series[]): Series[] =>
    series.map((s, i) => (i === 0 ? { ...s, name: vscode.l10n.t('group') } : s));
  const network = charts.network.map((s) => ({
    ...s,
    name: s.name === 'received' ? vscode.l10n.t('received') : s.name === 'sent' ? vscode.l10n.t('sent') : s.name,
  }));
  return { ...charts, cpu: groupFirst(charts.cpu), memory: groupFirst(charts.memory), network };
}

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
      vscode.l10n.t('Metrics: {0}', target.groupName),
      vscode.ViewColumn.Active,
      { enableScripts: true, localResourceRoots: [media], retainContextWhenHidden: false },
    );
    const webview = this.panel.webview;
    const nonce = randomBytes(16).toString('base64');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(media, 'metrics.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(media, 'metrics.css'));
    // l10n-ignore: the page's HTML markup; each of its words is translated and escaped
    webview.html = `<!DOCTYPE html>
<html lang="${escapeHtml(vscode.env.language)}"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${webview.cspSource}; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}"><title>${escapeHtml(vscode.l10n.t('Metrics'))}</title></head>
<body data-words="${escapeHtml(JSON.stringify(pageWords()))}"><header><h1>${escapeHtml(target.groupName)}</h1>
<select id="range" aria-label="${escapeHtml(vscode.l10n.t('Range'))}">${optionsHtml(RANGES, 300, rangeLabel)}</select>
<select id="period" aria-label="${escapeHtml(vscode.l10n.t('Period'))}">${optionsHtml(PERIODS, 15, periodLabel)}</select>
<span id="status">${escapeHtml(vscode.l10n.t('Loading…'))}</span></header><div id="charts"></div>
<script nonce="${nonce}" src="${script.toString()}"></script></body></html>`;
    this.subscriptions.push(
      webview.onDidReceiveMessage((message: { type?: string; range?: number; period?: number }) => {
        if (message.type === 'configure') {
          if (RANGES.some((s) => s === message.range)) this.rangeSeconds = message.range ?? this.rangeSeconds;
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
        charts: namedCharts(metricCharts(Records)),
        records: Records.length,
        updatedAt: Date.now(),
      });
    } catch (error) {
      this.lastError = messageText(error);
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

/** A select's options: each value with its words, `selected` chosen. */
function optionsHtml<T extends number>(values: readonly T[], selected: T, label: (value: T) => string): string {
  const option = (value: T): string =>
    // l10n-ignore: HTML markup; the words are label()'s
    `<option value="${value}"${value === selected ? ' selected' : ''}>${escapeHtml(label(value))}</option>`;
  return values.map(option).join('');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
