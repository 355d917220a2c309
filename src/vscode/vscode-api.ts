/**
 * The VS Code API, imported once. Bundled, every `import * as vscode from 'vscode'` becomes a copy of the API's
 * few hundred properties made while the extension loads; 49 files doing so cost about 10 ms of activation. The
 * files of src/vscode/ import this module instead, which copies them once.
 */
export * from 'vscode';
