import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { run } from './workbench';

/**
 * A command picked from a row's menu, run through the workbench with the row's tree item handle (`1/<TreeItem.id>`,
 * as a context menu passes it): the command gets the node VS Code's extension host finds for that handle, or none
 * when it has forgotten it.
 */
export async function runOnRow(command: string, id: string): Promise<void> {
  await run('runCommands', {
    commands: [{ command, args: [{ $treeViewId: 'eci.explorer', $treeItemHandle: `1/${id}` }] }],
  });
}

/**
 * The nodes VS Code holds for rows of the explorer, read through a command of the test's own that `runOnRow` runs.
 * `nodeAt` gives the node for a row's ID, undefined when VS Code holds none; `dispose` removes the command.
 */
export function treeNodes<Node>(name: string): { nodeAt(id: string): Promise<Node | undefined> } & vscode.Disposable {
  let captured: unknown;
  const command = vscode.commands.registerCommand(name, (node: unknown) => {
    captured = node;
  });
  return {
    async nodeAt(id: string): Promise<Node | undefined> {
      captured = 'not run';
      await runOnRow(name, id);
      assert.notEqual(captured, 'not run', 'the capturing command ran');
      return (captured ?? undefined) as Node | undefined;
    },
    dispose: () => command.dispose(),
  };
}
