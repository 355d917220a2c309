import * as vscode from '../vscode-api';

/** Status → coloured codicon, for container groups, image caches and Native Containers (their status as statusWord gives it) alike: green done, yellow moving, red failed. */
const STATUS_ICONS: Readonly<Record<string, readonly [string, string]>> = {
  Running: ['pass-filled', 'testing.iconPassed'],
  Succeeded: ['check', 'testing.iconPassed'],
  Ready: ['database', 'testing.iconPassed'],
  Pending: ['clock', 'charts.yellow'],
  Scheduling: ['sync~spin', 'charts.yellow'],
  Restarting: ['sync~spin', 'charts.yellow'],
  Updating: ['sync~spin', 'charts.yellow'],
  Preparing: ['sync~spin', 'charts.yellow'],
  Creating: ['sync~spin', 'charts.yellow'],
  Starting: ['sync~spin', 'charts.yellow'],
  Stopping: ['sync~spin', 'charts.yellow'],
  Rebuilding: ['sync~spin', 'charts.yellow'],
  Deleting: ['sync~spin', 'charts.yellow'],
  Stopped: ['debug-stop', 'disabledForeground'],
  Failed: ['error', 'testing.iconFailed'],
  Error: ['error', 'testing.iconFailed'],
  ScheduleFailed: ['error', 'testing.iconFailed'],
};

export function statusIcon(
  status: string,
  otherwise: readonly [string, string] = ['circle-outline', 'disabledForeground'],
): vscode.ThemeIcon {
  const [icon, color] = STATUS_ICONS[status] ?? otherwise;
  return new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
}
