import * as vscode from '../vscode-api';

export const LIVE_SCHEME = 'eci-live';

/** Read-only documents of live groups' templates, the left side of the update diff (`eci-live:/<id>.eci.yaml`). */
export class LiveTemplates implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  show(name: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: LIVE_SCHEME, path: `/${name}` });
    this.texts.set(uri.path, text);
    this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.path) ?? '';
  }

  dispose(): void {
    this.changed.dispose();
    this.texts.clear();
  }
}
