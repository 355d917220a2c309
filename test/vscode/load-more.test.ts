import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { createContainerGroup } from '../../src/eci/operations';
import { EmulatorFixture } from '../helpers/emulator';
import { runOnRow, treeNodes } from './tree-handles';
import { until } from './until';
import { backOnOwnEmulator, run, useEmulatorAt } from './workbench';

/**
 * "Load more" and "Load all" on a region of more than a page (20 groups), in a real VS Code: from the row's node as
 * its menu passes it, and when VS Code passes none (it forgets the rows below one it redraws, and a command picked
 * from a menu just then gets nothing), where the one region with more to load is meant. The nodes are read as VS Code
 * holds them, through a command run with a tree item's handle, as in explorer-identity.test.ts.
 */
const CAPTURE = 'eciTest.captureLoadMoreNode';
const HOME = 'eci:local-emulator/region:cn-hangzhou';
const GROUPS = 45;

interface Node {
  getTreeItem(): vscode.TreeItem;
  getChildren(): Promise<Node[]>;
}

let nodes: ReturnType<typeof treeNodes<Node>> | undefined;

function nodeAt(id: string): Promise<Node | undefined> {
  assert.ok(nodes !== undefined, 'the suite registered its capturing command');
  return nodes.nodeAt(id);
}

/** How many group rows the home region shows, and whether it still ends with "Load more". */
async function shown(): Promise<{ groups: number; more: boolean }> {
  const region = await until(() => nodeAt(HOME), 'the home region row');
  const rows = (await region.getChildren()).map((child) => child.getTreeItem());
  return {
    groups: rows.filter((row) => (row.contextValue ?? '').startsWith('eci.group.')).length,
    more: rows.some((row) => row.contextValue === 'eci.loadMore'),
  };
}

describe('Load more and Load all', function () {
  this.timeout(90_000);
  let fixture: EmulatorFixture;

  before(async () => {
    nodes = treeNodes<Node>(CAPTURE);
    fixture = await EmulatorFixture.start();
    const client = fixture.client();
    for (let i = 0; i < GROUPS; i++)
      await createContainerGroup(client, {
        ContainerGroupName: `page-${String(i).padStart(2, '0')}`,
        SecurityGroupId: 'sg-pages',
        VSwitchId: 'vsw-cn-hangzhou-h-pages',
        Container: [{ Name: 'app', Image: 'nginx:1.27' }],
      });
    await useEmulatorAt(fixture.emulator.url);
    await run('eci.refresh');
    await run('workbench.view.extension.eci');
    await until(() => nodeAt(`${HOME}/load-more`), 'the "Load more" row in VS Code');
  });

  after(async () => {
    await backOnOwnEmulator();
    nodes?.dispose();
    await fixture.close();
  });

  it('loads the next page from the row, and every page when VS Code gives the menu no node', async () => {
    assert.deepEqual(await shown(), { groups: 20, more: true });
    await runOnRow('eci.loadMore', `${HOME}/load-more`);
    assert.deepEqual(await shown(), { groups: 40, more: true });

    // A handle VS Code does not hold: the command gets no node, as after a redraw, and the one region with more is meant.
    assert.equal(await nodeAt(`${HOME}/forgotten`), undefined);
    await runOnRow('eci.loadAll', `${HOME}/forgotten`);
    assert.deepEqual(await shown(), { groups: GROUPS, more: false });
  });
});
