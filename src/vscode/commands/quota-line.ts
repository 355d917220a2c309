import * as vscode from '../vscode-api';

/**
 * A quota as Show Quota's notification says it in VS Code's display language: quotaLine (src/core/quota.ts) says the
 * same in English ("containers: 3 of 20 used", "(full)", "(none allowed)" for a limit of 0).
 */
export function quotaLineSaid(name: string, used: number, limit: number): string {
  if (limit <= 0) return vscode.l10n.t('{0}: {1} of {2} used (none allowed)', name, used, limit);
  if (used >= limit) return vscode.l10n.t('{0}: {1} of {2} used (full)', name, used, limit);
  return vscode.l10n.t('{0}: {1} of {2} used', name, used, limit);
}
