import * as vscode from '../vscode-api';
import type { AvailableResources } from '../../eci/available-resources';
import { asksForResources, availabilityDiagnostics, templateRegions } from '../../template/availability';
import { parseTemplateText } from '../../template/document';
import { ECI_TEMPLATE } from '../../template/dialects';
import type { ProfileStore } from '../profiles/profile-store';
import type { AvailableResourceSource } from './available-resource-source';
import { isTooLarge, specDialect, templateLanguage } from './template-documents';
import { toVscodeDiagnostic } from './template-diagnostics';

/** Longer than the template diagnostics' debounce: each check may ask the API (once per region and few minutes). */
const DEBOUNCE_MS = 500;
export const AVAILABILITY_SOURCE = 'eci (availability)';

/**
 * Warnings on an ECI template's `instanceType` and `resources` when its region does not sell them now
 * (src/template/availability.ts), in a collection of their own: they come from the account's region, not from the
 * text, and go away with the profile (no ECI profile, no warnings).
 */
export class AvailabilityDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('eci-availability');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Each document's latest check: an older one that answers late does not overwrite it. */
  private readonly generations = new Map<string, number>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly source: AvailableResourceSource,
    profiles: ProfileStore,
  ) {
    const all = (): void => {
      for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
    };
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((document) => this.schedule(document, 0)),
      vscode.workspace.onDidChangeTextDocument((event) => this.schedule(event.document, DEBOUNCE_MS)),
      vscode.workspace.onDidCloseTextDocument((document) => this.forget(document.uri)),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('eci.templateFiles')) all();
      }),
      profiles.onDidChange(all),
    );
    all();
  }

  private forget(uri: vscode.Uri): void {
    clearTimeout(this.timers.get(uri.toString()));
    this.timers.delete(uri.toString());
    this.generations.delete(uri.toString());
    this.collection.delete(uri);
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    if (specDialect(document) !== ECI_TEMPLATE || isTooLarge(document)) {
      this.collection.delete(document.uri);
      return;
    }
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.check(document);
      }, delay),
    );
  }

  private async check(document: vscode.TextDocument): Promise<void> {
    const key = document.uri.toString();
    const generation = (this.generations.get(key) ?? 0) + 1;
    this.generations.set(key, generation);
    const file = parseTemplateText(document.getText(), templateLanguage(document));
    const answers = new Map<string | undefined, AvailableResources | undefined>();
    if (asksForResources(file))
      for (const region of templateRegions(file))
        answers.set(region, await this.source.resources(this.source.regionOf(region)));
    if (document.isClosed || this.generations.get(key) !== generation) return;
    this.collection.set(
      document.uri,
      availabilityDiagnostics(file, (region) => answers.get(region)).map((d) => {
        const diagnostic = toVscodeDiagnostic(d);
        diagnostic.source = AVAILABILITY_SOURCE;
        return diagnostic;
      }),
    );
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const subscription of this.subscriptions) subscription.dispose();
    this.collection.dispose();
  }
}
