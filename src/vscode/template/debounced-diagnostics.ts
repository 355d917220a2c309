import * as vscode from '../vscode-api';

/**
 * A collection of diagnostics of the open template documents, each checked a while after it changes (debounced,
 * so typing never waits for a check): again when `eci.templateFiles` changes, and forgotten when it closes.
 * A subclass says how a document is checked and calls checkAll() once it is set up.
 */
export abstract class DebouncedDiagnostics implements vscode.Disposable {
  protected readonly collection: vscode.DiagnosticCollection;
  protected readonly subscriptions: vscode.Disposable[] = [];
  private readonly timers = new Map<string, NodeJS.Timeout>();

  protected constructor(name: string, debounceMs: number) {
    this.collection = vscode.languages.createDiagnosticCollection(name);
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((document) => this.schedule(document, 0)),
      vscode.workspace.onDidChangeTextDocument((event) => this.schedule(event.document, debounceMs)),
      vscode.workspace.onDidCloseTextDocument((document) => this.forget(document.uri)),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('eci.templateFiles')) this.checkAll();
      }),
    );
  }

  /** What checks a document when its time comes; undefined for one not checked (its diagnostics are removed). */
  protected abstract checkerOf(document: vscode.TextDocument): (() => void) | undefined;

  protected checkAll(): void {
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
  }

  protected forget(uri: vscode.Uri): void {
    clearTimeout(this.timers.get(uri.toString()));
    this.timers.delete(uri.toString());
    this.collection.delete(uri);
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    const check = this.checkerOf(document);
    if (check === undefined) {
      this.collection.delete(document.uri);
      return;
    }
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        check();
      }, delay),
    );
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const subscription of this.subscriptions) subscription.dispose();
    this.collection.dispose();
  }
}
