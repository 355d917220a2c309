// Wiring only: everything the extension does lives in src/vscode/ (the one folder that imports vscode at run time).
import type * as vscode from 'vscode';
import { activateExtension } from './vscode/activation';

export function activate(context: vscode.ExtensionContext): void {
  activateExtension(context);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
