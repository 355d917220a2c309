// Wiring only: everything the extension does lives in src/vscode/ (the one folder that imports vscode at run time).
import type * as vscode from 'vscode';
import { activateExtension } from './vscode/activation';
import { explorerRows } from './vscode/tree/explorer-rows';
import type { Profile } from './vscode/profiles/profile-store';
import type { Prompter } from './vscode/prompter';

// Set by the bundle's first line (scripts/build.mjs): how long evaluating the bundle took, for the activation log.
declare const __eciBundleStarted: number | undefined;
const bundleEvaluationMs = typeof __eciBundleStarted === 'number' ? performance.now() - __eciBundleStarted : undefined;

/** What other extensions (and the extension-host tests) may ask: never a secret. */
export interface EciExtensionApi {
  activeProfile(): Profile | undefined;
  profiles(): Profile[];
  /**
   * The explorer's rows under one profile, as the tree renders them (label, then " — " and the description),
   * indented two spaces a level, down to `depth` levels: what a person sees, for other extensions and tests.
   */
  explorerRows(profileId: string, depth?: number): Promise<string[]>;
  /**
   * For the extension-host tests only: undefined unless VS Code runs the extension in ExtensionMode.Test, so that no
   * other extension can answer a confirmation in the person's place. `usePrompter()` makes every command ask
   * `prompter` (src/vscode/prompter.ts) instead of the person until the returned disposable is disposed.
   * `explorerNode()` gives a row's node, by the labels down from a profile's row, to act on as a click does;
   * `drop()` drops a `text/uri-list` on it, as dragging local files onto the row does.
   */
  readonly testing?: {
    usePrompter(prompter: Prompter): { dispose(): void };
    explorerNode(profileId: string, labels: readonly string[]): Promise<unknown>;
    drop(target: unknown, uriList: string): Promise<void>;
  };
}

export function activate(context: vscode.ExtensionContext): EciExtensionApi {
  const { services, testing } = activateExtension(context, bundleEvaluationMs);
  return {
    activeProfile: () => services.profiles.active(),
    profiles: () => services.profiles.all(),
    explorerRows: (profileId, depth) => explorerRows(services, profileId, depth),
    testing,
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
