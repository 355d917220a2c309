import * as vscode from './vscode-api';

/**
 * The extension's one log: a LogOutputChannel named "ECI". Whatever is written here has already been stripped of
 * secrets by the core (the client logs only action, status, request ID and timing).
 */
export function createLogger(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel('ECI', { log: true });
}
