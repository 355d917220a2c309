import type * as vscode from '../vscode-api';
import { displayLocale } from '../display-locale';
import type { AvailableResources } from '../../eci/available-resources';
import { asksForResources, availabilityDiagnostics, templateRegions } from '../../template/availability';
import { localized } from '../../template/diagnostic';
import { parseTemplateText } from '../../template/document';
import { ECI_TEMPLATE } from '../../template/dialects';
import type { ProfileStore } from '../profiles/profile-store';
import type { AvailableResourceSource } from './available-resource-source';
import { DebouncedDiagnostics } from './debounced-diagnostics';
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
export class AvailabilityDiagnostics extends DebouncedDiagnostics {
  /** Each document's latest check: an older one that answers late does not overwrite it. */
  private readonly generations = new Map<string, number>();

  constructor(
    private readonly source: AvailableResourceSource,
    profiles: ProfileStore,
  ) {
    super('eci-availability', DEBOUNCE_MS);
    this.subscriptions.push(profiles.onDidChange(() => this.checkAll()));
    this.checkAll();
  }

  protected override forget(uri: vscode.Uri): void {
    super.forget(uri);
    this.generations.delete(uri.toString());
  }

  protected checkerOf(document: vscode.TextDocument): (() => void) | undefined {
    if (specDialect(document) !== ECI_TEMPLATE || isTooLarge(document)) return undefined;
    return () => void this.check(document);
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
      localized(
        availabilityDiagnostics(file, (region) => answers.get(region)),
        displayLocale(),
      ).map((d) => {
        const diagnostic = toVscodeDiagnostic(d);
        diagnostic.source = AVAILABILITY_SOURCE;
        return diagnostic;
      }),
    );
  }
}
