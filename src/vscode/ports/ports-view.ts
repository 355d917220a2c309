import * as vscode from '../vscode-api';
import type { ForwardedPort, ForwardedPorts } from './forwarded-ports';

/**
 * The Forwarded Ports view (beside the explorer, shown while a port is forwarded): one row per forward, the local
 * address first as in VS Code's own Ports view, with Open in Browser, Copy Address and Stop. Its tooltip, made when
 * hovered, says how many connections it relays now.
 */
export class PortsView implements vscode.TreeDataProvider<ForwardedPort>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly ports: ForwardedPorts) {
    this.subscription = ports.onDidChange(() => this.changed.fire(undefined));
  }

  getChildren(element?: ForwardedPort): ForwardedPort[] {
    return element === undefined ? this.ports.all() : [];
  }

  getTreeItem(port: ForwardedPort): vscode.TreeItem {
    const item = new vscode.TreeItem(`127.0.0.1:${port.localPort}`);
    item.id = port.id;
    item.description = `→ ${port.label}:${port.remotePort}`;
    item.iconPath = new vscode.ThemeIcon('plug');
    item.contextValue = 'eci.forwardedPort';
    return item;
  }

  resolveTreeItem(item: vscode.TreeItem, port: ForwardedPort): vscode.TreeItem {
    const connections = port.connections();
    item.tooltip = [
      vscode.l10n.t('127.0.0.1:{0} → port {1} of {2}', port.localPort, port.remotePort, port.label),
      vscode.l10n.t('Relayed in the container by {0}, over exec', port.relay),
      connections === 1 ? vscode.l10n.t('1 connection now') : vscode.l10n.t('{0} connections now', connections),
    ].join('\n');
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
