import * as vscode from 'vscode';
import { registerCommands } from './commands/registry';
import { createLogger } from './logger';
import type { ExtensionServices } from './services';
import { TemplateDiagnostics } from './template/template-diagnostics';
import { registerTemplateLanguageFeatures } from './template/template-language-features';
import { ExplorerProvider } from './tree/explorer-provider';

/** Creates the shared services and registers every provider and command; all of it owned by the context. */
export function activateExtension(context: vscode.ExtensionContext): ExtensionServices {
  const started = performance.now();
  const log = createLogger();
  const explorer = new ExplorerProvider();
  const services: ExtensionServices = { context, log, explorer };
  context.subscriptions.push(
    log,
    explorer,
    vscode.window.registerTreeDataProvider('eci.explorer', explorer),
    ...registerCommands(services),
    new TemplateDiagnostics(),
    ...registerTemplateLanguageFeatures(),
  );
  // Read by the activation benchmark from the log.
  log.info(`ECI activated in ${(performance.now() - started).toFixed(1)} ms`);
  return services;
}
