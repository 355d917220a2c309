import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { EciClient } from '../../src/eci/client';
import {
  createContainerGroup,
  deleteContainerGroup,
  describeContainerGroups,
  updateContainerGroup,
} from '../../src/eci/operations';
import { DEMO_KEY, Emulator } from '../../src/emulator/server';
import { JdcloudClient } from '../../src/jdcloud/client';
import { createContainers } from '../../src/jdcloud/operations';
import { untilRunning } from './running-group';
import { treeNodes } from './tree-handles';
import { until } from './until';
import { backOnOwnEmulator, run, useEmulatorAt } from './workbench';

/**
 * The explorer's rows keep their identity through a refresh, in a real VS Code: every row has a TreeItem ID made of
 * what it shows, and a refresh keeps the rows (and the nodes VS Code hands to a command picked from a row's menu)
 * while it asks the API, then redraws from memory.
 *
 * The nodes are read as VS Code holds them: a command run through the workbench with a tree item's handle
 * (`1/<TreeItem.id>`, as a context menu passes it) gets the node VS Code's extension host finds for that handle, or
 * none when it has forgotten it. The extension talks to an emulator of the test's own (`eci.emulator.url`), whose
 * calls it counts and which it can make slow.
 */
const CAPTURE = 'eciTest.captureTreeNode';
const ECI_PROFILE = 'eci:local-emulator';
const NC_PROFILE = 'jdcloud:local-emulator-jdcloud';
const HOME = `${ECI_PROFILE}/region:cn-hangzhou`;

/** A node of the extension's tree, as a command gets it (only what the test reads). */
interface Node {
  getTreeItem(): vscode.TreeItem;
  getChildren(): Promise<Node[]>;
  readonly group?: { readonly ContainerGroupId: string };
  readonly container?: { readonly containerId?: string; readonly Name?: string };
  readonly childrenFromApi?: boolean;
}

let nodes: ReturnType<typeof treeNodes<Node>> | undefined;

/** The node VS Code holds for a row's ID, as a command picked from the row's context menu would get it. */
function nodeAt(id: string): Promise<Node | undefined> {
  assert.ok(nodes !== undefined, 'the suite registered its capturing command');
  return nodes.nodeAt(id);
}

/** What a node shows, in the test's words: which group, container or JD container; undefined for other rows. */
function what(node: Node): string | undefined {
  const item = node.getTreeItem();
  const context = item.contextValue ?? '';
  if (context.startsWith('eci.group.')) return `group ${node.group?.ContainerGroupId ?? '?'}`;
  if (context.startsWith('eci.container.'))
    return `container ${node.group?.ContainerGroupId ?? '?'}/${node.container?.Name ?? '?'}`;
  if (context.startsWith('eci.jdcloud.container.')) return `nc ${node.container?.containerId ?? '?'}`;
  return undefined;
}

/**
 * Every row's ID under a node (rows whose children come from the API when opened, a group's events and a container's
 * files, left closed).
 */
async function walk(node: Node, ids: string[], byWhat: Map<string, string>): Promise<void> {
  const item = node.getTreeItem();
  assert.ok(typeof item.id === 'string' && item.id !== '', `a row without an ID: ${String(item.label)}`);
  ids.push(item.id);
  const thing = what(node);
  if (thing !== undefined) byWhat.set(thing, item.id);
  if ((item.collapsibleState ?? 0) === 0 || node.childrenFromApi === true) return;
  for (const child of await node.getChildren()) await walk(child, ids, byWhat);
}

/** The IDs of both emulator profiles' trees, from the profile nodes VS Code holds. */
async function treeIds(): Promise<{ ids: string[]; byWhat: Map<string, string> }> {
  const ids: string[] = [];
  const byWhat = new Map<string, string>();
  for (const profile of [ECI_PROFILE, NC_PROFILE]) {
    const node = await until(() => nodeAt(profile), `the row ${profile}`);
    await walk(node, ids, byWhat);
  }
  return { ids, byWhat };
}

describe('the explorer keeps its rows through a refresh', function () {
  this.timeout(90_000);
  let emulator: Emulator;
  let client: EciClient;
  let native: JdcloudClient;
  const groups: string[] = [];
  const containers: string[] = [];
  const calls = (): number => emulator.signatures.v1 + emulator.signatures.v3;

  const create = async (name: string): Promise<string> => {
    const { ContainerGroupId: id } = await createContainerGroup(client, {
      ContainerGroupName: name,
      SecurityGroupId: 'sg-identity',
      VSwitchId: 'vsw-cn-hangzhou-h-identity',
      Container: [
        { Name: 'web', Image: 'nginx:1.27' },
        { Name: 'sidecar', Image: 'busybox:1.36' },
      ],
    });
    // Settled before the explorer reads it: nothing is polled, so every call counted is the explorer's own.
    await untilRunning(client, id, name);
    return id;
  };

  before(async () => {
    nodes = treeNodes<Node>(CAPTURE);
    // An empty emulator of the test's own, fast: only the groups and containers made here.
    emulator = await Emulator.start({ speed: 1000 });
    client = new EciClient({
      credentials: { ...DEMO_KEY, source: 'test' },
      regionId: 'cn-hangzhou',
      endpoint: emulator.url,
    });
    native = new JdcloudClient({ credentials: DEMO_KEY, endpoint: emulator.url });
    for (const name of ['identity-a', 'identity-b', 'identity-c']) groups.push(await create(name));
    for (const name of ['identity-web', 'identity-api']) {
      const { containerIds } = await createContainers(native, 'cn-north-1', {
        instanceType: 'n.c1.medium',
        az: 'cn-north-1a',
        name,
        image: 'nginx:1.27-alpine',
        primaryNetworkInterface: { networkInterface: { subnetId: 'subnet-cn-north-1a', securityGroups: ['sg-demo'] } },
      });
      containers.push(...containerIds);
    }
    await useEmulatorAt(emulator.url);
    await run('eci.refresh');
    await run('workbench.view.extension.eci');
    // The home region opens by itself: VS Code has asked for its groups once their rows resolve.
    await until(() => nodeAt(`${HOME}/group:${groups[0] ?? ''}`), 'the first group row in VS Code');
  });

  after(async () => {
    emulator.faults.latencyMs = 0;
    await backOnOwnEmulator();
    nodes?.dispose();
    await client.close();
    await native.close();
    await emulator.close();
  });

  it('gives every row an ID made of what it shows: unique in the tree, and the same for the same thing after a refresh', async () => {
    const first = await treeIds();
    assert.equal(new Set(first.ids).size, first.ids.length, `duplicate IDs: ${first.ids.join('\n')}`);
    const expected = [
      ...groups.flatMap((g) => [`group ${g}`, `container ${g}/web`, `container ${g}/sidecar`]),
      ...containers.map((c) => `nc ${c}`),
    ];
    for (const thing of expected) assert.ok(first.byWhat.has(thing), `no row for ${thing}`);
    assert.equal(first.byWhat.get(`group ${groups[0] ?? ''}`), `${HOME}/group:${groups[0] ?? ''}`);

    // A group more in the list: the rows around it keep their IDs, wherever it comes.
    const extra = await create('identity-extra');
    await run('eci.refresh');
    const second = await treeIds();
    assert.equal(new Set(second.ids).size, second.ids.length, `duplicate IDs: ${second.ids.join('\n')}`);
    assert.ok(second.byWhat.has(`group ${extra}`));
    for (const thing of expected) assert.equal(second.byWhat.get(thing), first.byWhat.get(thing), thing);

    // Gone again: the others still keep theirs.
    await deleteContainerGroup(client, extra);
    await until(
      async () =>
        (await describeContainerGroups(client, { ContainerGroupIds: [extra] })).ContainerGroups.length === 0
          ? true
          : undefined,
      'the extra group to be gone',
    );
    await run('eci.refresh');
    // VS Code drops its row once it has redrawn the region (it may hold back a redraw that follows another closely).
    await until(
      async () => ((await nodeAt(`${HOME}/group:${extra}`)) === undefined ? true : undefined),
      'the row of the deleted group to go',
    );
    const third = await treeIds();
    assert.ok(!third.byWhat.has(`group ${extra}`));
    assert.deepEqual(third.byWhat, first.byWhat);

    // VS Code finds each group's and container's node by that ID after the refresh.
    for (const id of groups) {
      const node = await until(() => nodeAt(`${HOME}/group:${id}`), `the row of ${id}`);
      assert.equal(node.group?.ContainerGroupId, id);
    }
    for (const id of containers) {
      const node = await until(
        () => nodeAt(`${NC_PROFILE}/region:cn-north-1/container:${id}`),
        `the row of JD container ${id}`,
      );
      assert.equal(node.container?.containerId, id);
    }
  });

  it('keeps every row and its node while a refresh waits for a slow API, and redraws the changed region from memory', async () => {
    // Slow: each call takes 1.5 s, so the refresh waits on the API for a few seconds (two calls one after the other).
    // A tree that dropped its rows meanwhile would have them back only after calls as slow; one that keeps them may
    // still redraw a row from memory (VS Code holds a redraw back up to 200 ms), so a row missing for a moment is
    // looked for again, for up to a second.
    emulator.faults.latencyMs = 1_500;
    const probe = `${HOME}/group:${groups[1] ?? ''}`;
    const jdcloudProbe = `${NC_PROFILE}/region:cn-north-1/container:${containers[0] ?? ''}`;
    const soon = (id: string, what: string): Promise<Node> => until(() => nodeAt(id), what, 1_000);
    const asked = calls();
    let done = false;
    const refreshed = Promise.resolve(run('eci.refresh')).then(() => (done = true));
    let probes = 0;
    while (!done) {
      // What a command picked from these rows' menus now would get.
      assert.equal((await soon(probe, `probe ${probes}: the group row`)).group?.ContainerGroupId, groups[1]);
      assert.equal((await soon(HOME, `probe ${probes}: the region row`)).getTreeItem().id, HOME);
      assert.equal((await soon(jdcloudProbe, `probe ${probes}: a JD row`)).container?.containerId, containers[0]);
      probes++;
    }
    await refreshed;
    assert.ok(probes >= 5, `the refresh lasted ${probes} probes`);
    assert.ok(calls() > asked, 'the refresh asked the API');
    assert.equal(
      (await until(() => nodeAt(probe), 'the group row after the refresh')).group?.ContainerGroupId,
      groups[1],
    );

    // The region's list changes (a new group): its row is redrawn, and VS Code's new ask for its groups is answered
    // from what the refresh loaded, without a call (the API is still slow).
    emulator.faults.latencyMs = 0;
    const added = await create('identity-new');
    emulator.faults.latencyMs = 1_500;
    await run('eci.refresh');
    const loaded = calls();
    const row = `${HOME}/group:${added}`;
    const node = await until(() => nodeAt(row), 'the new group in VS Code', 5_000);
    assert.equal(node.group?.ContainerGroupId, added);
    assert.equal(calls(), loaded, 'calls while VS Code redrew the region');
    const region = await until(() => nodeAt(HOME), 'the region row');
    const children = await region.getChildren();
    assert.equal(calls(), loaded, 'calls for the region node to list its groups');
    assert.ok(children.some((c) => c.getTreeItem().id === row));
    for (const id of groups) assert.equal((await nodeAt(`${HOME}/group:${id}`))?.group?.ContainerGroupId, id);
    emulator.faults.latencyMs = 0;
  });

  it("redraws a changed group's row in place: VS Code keeps the same node, which shows the new data", async () => {
    const id = groups[2] ?? '';
    const row = `${HOME}/group:${id}`;
    const node = await until(() => nodeAt(row), 'the group row');
    const region = await until(() => nodeAt(HOME), 'the region row');
    const before = node.getTreeItem().description;
    await updateContainerGroup(client, { ContainerGroupId: id, Cpu: 4, Memory: 8, UpdateType: 'IncrementalUpdate' });
    await until(async () => {
      const [group] = (await describeContainerGroups(client, { ContainerGroupIds: [id] })).ContainerGroups;
      return group?.Status === 'Running' && group.Cpu === 4 ? true : undefined;
    }, 'the update to be done');
    await run('eci.refresh');
    const after = await until(() => nodeAt(row), 'the group row after the refresh');
    assert.equal(after, node, 'the same node, updated in place');
    assert.notEqual(after.getTreeItem().description, before);
    assert.match(String(after.getTreeItem().description), /4 vCPU · 8 GiB/);
    assert.equal(await nodeAt(HOME), region, 'the region row was not redrawn');
  });
});
