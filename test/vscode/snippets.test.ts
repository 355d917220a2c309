import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import eciSchema from '../../schemas/eci-template.schema.json';
import jdcloudSchema from '../../schemas/jdcloud-spec.schema.json';
import { EciClient } from '../../src/eci/client';
import { deleteContainerGroup, describeContainerGroups } from '../../src/eci/operations';
import { DEMO_KEY } from '../../src/emulator/server';
import { JdcloudClient } from '../../src/jdcloud/client';
import { waitForContainerStatus } from '../../src/jdcloud/operations';
import { JDCLOUD_SPEC } from '../../src/template/dialects';
import { parseTemplateText } from '../../src/template/document';
import { validateTemplateText } from '../../src/template/validate';
import { exactly, ScriptedPrompter } from './scripted-prompter';
import { workspace } from './workbench';

/**
 * Every snippet of both schemas, inserted by VS Code's own snippet engine from our completion at the place it is
 * offered, each tab stop filled with a value of its own (typed, then Tab to the next, as a person does): each value
 * must land in the field its tab stop is in, once, and the result must validate and be accepted by the API (the
 * emulator) — deployed, or created for a Native Container spec.
 */

type Json = Record<string, unknown>;
interface Snippet {
  readonly label: string;
  readonly body: unknown;
}

/** Where in a document a snippet goes: the text around the cursor (`|`) and the path of what it inserts. */
interface Case {
  readonly schema: 'eci' | 'native';
  /** The schema node that offers it (its JSON pointer). */
  readonly pointer: string;
  readonly label: string;
  readonly file: string;
  /** The document, `|` where the snippet is inserted. */
  readonly text: string;
  /** The path in the parsed document of what the snippet inserts. */
  readonly at: readonly (string | number)[];
  /** A value per tab stop, by number: distinct from each other, valid for their fields. */
  readonly values: Readonly<Record<number, string>>;
}

const GROUP = `containerGroupName: snippets
regionId: cn-hangzhou
vSwitchId: vsw-cn-hangzhou-h-demo
securityGroupId: sg-cn-hangzhou-demo
resources: {cpu: 4, memory: 8}
spec:
  containers:
    - name: web
      image: nginx:1.27-alpine
      resources: {cpu: 1, memory: 2}
`;
const IN_CONTAINER = `${GROUP}      |\n`;
const NEW_CONTAINER = `${GROUP}    - |\n`;
const NEW_INIT_CONTAINER = `${GROUP}  initContainers:\n    - |\n`;
const NEW_ENV = `${GROUP}      env:\n        - |\n`;
const NEW_INIT_ENV = `${GROUP}  initContainers:\n    - name: init\n      image: busybox:1.36\n      env:\n        - |\n`;
const PROBE = (kind: string): string => `${GROUP}      ${kind}:\n        |\n`;
const NEW_VOLUME = `${GROUP}  volumes:\n    - |\n`;
const NATIVE = 'regionId: cn-north-1\ncontainerSpec:\n  |\n';
const JDCLOUD_ENV = `regionId: cn-north-1
containerSpec:
  instanceType: n.c1.medium
  az: cn-north-1a
  name: snippet-env
  image: nginx:1.27-alpine
  primaryNetworkInterface:
    networkInterface:
      subnetId: subnet-cn-north-1a
      securityGroups: [sg-demo]
  envs:
    - |
`;

const CONTAINER_VALUES = { 1: 'side', 2: 'busybox:1.36', 3: '0.5', 4: '1', 5: '8080' };
const ENV = { 1: 'MODE', 2: 'production' };
const HTTP_PROBE = { 1: '/ready', 2: '8081', 3: '7', 4: '11' };
const TCP_PROBE = { 1: '8082', 2: '6', 3: '12' };
const EXEC_PROBE = { 1: 'test', 2: '-f', 3: '8', 4: '13' };

const CASES: readonly Case[] = [
  {
    schema: 'eci',
    pointer: '',
    label: 'container group',
    file: 'snippet-group.eci.yaml',
    text: '|',
    at: [],
    values: {
      1: 'cn-hangzhou',
      2: 'from-snippet',
      3: 'vsw-cn-hangzhou-h-demo',
      4: 'sg-cn-hangzhou-demo',
      5: '2',
      6: '4',
      7: 'web',
      8: 'nginx:1.27-alpine',
      9: '1',
      10: '2',
      11: '80',
    },
  },
  {
    schema: 'eci',
    pointer: '/properties/spec/properties/containers/items',
    label: 'container',
    file: 'snippet-container.eci.yaml',
    text: NEW_CONTAINER,
    at: ['spec', 'containers', 1],
    values: CONTAINER_VALUES,
  },
  {
    schema: 'eci',
    pointer: '/properties/spec/properties/initContainers/items',
    label: 'container',
    file: 'snippet-init-container.eci.yaml',
    text: NEW_INIT_CONTAINER,
    at: ['spec', 'initContainers', 0],
    values: { ...CONTAINER_VALUES, 1: 'init' },
  },
  ...(['variable', "the group's IP"] as const).flatMap((label): Case[] => [
    {
      schema: 'eci',
      pointer: '/properties/spec/properties/containers/items/properties/env/items',
      label,
      file: 'snippet-env.eci.yaml',
      text: NEW_ENV,
      at: ['spec', 'containers', 0, 'env', 0],
      values: label === 'variable' ? ENV : { 1: 'MY_IP' },
    },
    {
      schema: 'eci',
      pointer: '/properties/spec/properties/initContainers/items/properties/env/items',
      label,
      file: 'snippet-init-env.eci.yaml',
      text: NEW_INIT_ENV,
      at: ['spec', 'initContainers', 0, 'env', 0],
      values: label === 'variable' ? ENV : { 1: 'MY_IP' },
    },
  ]),
  ...(['readiness', 'liveness'] as const).flatMap((kind): Case[] =>
    (
      [
        ['HTTP GET', HTTP_PROBE],
        ['TCP socket', TCP_PROBE],
        ['exec command', EXEC_PROBE],
      ] as const
    ).map(([how, values]) => ({
      schema: 'eci',
      pointer: `/properties/spec/properties/containers/items/properties/${kind}Probe`,
      label: `${kind}: ${how}`,
      file: `snippet-${kind}.eci.yaml`,
      text: IN_CONTAINER.replace('      |\n', PROBE(`${kind}Probe`).slice(GROUP.length)),
      at: ['spec', 'containers', 0, `${kind}Probe`],
      values,
    })),
  ),
  {
    schema: 'eci',
    pointer: '/properties/spec/properties/volumes/items',
    label: 'volume: NFS',
    file: 'snippet-nfs.eci.yaml',
    text: NEW_VOLUME,
    at: ['spec', 'volumes', 0],
    values: { 1: 'shared', 2: '0a1b2c.cn-hangzhou.nas.aliyuncs.com', 3: '/exports' },
  },
  {
    schema: 'eci',
    pointer: '/properties/spec/properties/volumes/items',
    label: 'volume: emptyDir',
    file: 'snippet-emptydir.eci.yaml',
    text: NEW_VOLUME,
    at: ['spec', 'volumes', 0],
    values: { 1: 'cache' },
  },
  {
    schema: 'eci',
    pointer: '/properties/spec/properties/volumes/items',
    label: 'volume: configFile',
    file: 'snippet-config.eci.yaml',
    text: NEW_VOLUME,
    at: ['spec', 'volumes', 0],
    values: { 1: 'settings', 2: 'app.ini', 3: 'level=info' },
  },
  {
    schema: 'native',
    pointer: '/properties/containerSpec',
    label: 'minimal container',
    file: 'snippet-minimal.nc.yaml',
    text: NATIVE,
    at: ['containerSpec'],
    values: { 1: 'cn-north-1b', 2: 'snippet-web', 3: 'nginx:1.27-alpine', 4: 'subnet-cn-north-1b', 5: 'sg-web' },
  },
  {
    schema: 'native',
    pointer: '/properties/containerSpec/properties/envs/items',
    label: 'environment variable',
    file: 'snippet-env.nc.yaml',
    text: JDCLOUD_ENV,
    at: ['containerSpec', 'envs', 0],
    values: ENV,
  },
];

/** Every snippet of a schema, with the pointer of the node that offers it. */
function snippetsOf(node: unknown, pointer = ''): { pointer: string; snippet: Snippet }[] {
  if (node === null || typeof node !== 'object') return [];
  const found: { pointer: string; snippet: Snippet }[] = [];
  const own = (node as { defaultSnippets?: Snippet[] }).defaultSnippets ?? [];
  for (const snippet of own) found.push({ pointer, snippet });
  for (const [key, child] of Object.entries(node))
    if (key !== 'defaultSnippets') found.push(...snippetsOf(child, `${pointer}/${key}`));
  return found;
}

/** The tab stops of a snippet body: for each stop number, the paths (below the body) of the fields it fills. */
function tabStops(body: unknown, path: (string | number)[] = []): Map<number, (string | number)[][]> {
  const stops = new Map<number, (string | number)[][]>();
  const visit = (value: unknown, at: (string | number)[]): void => {
    if (typeof value === 'string') {
      const stop = /^\^?\$\{(\d+):[^}]*\}$/.exec(value);
      if (stop !== null) stops.set(Number(stop[1]), [...(stops.get(Number(stop[1])) ?? []), at]);
    } else if (Array.isArray(value)) value.forEach((item, i) => visit(item, [...at, i]));
    else if (value !== null && typeof value === 'object')
      for (const [key, item] of Object.entries(value)) visit(item, [...at, key]);
  };
  visit(body, path);
  return stops;
}

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let value = root;
  for (const key of path) value = (value as Json | undefined)?.[key as string];
  return value;
}

describe('snippets, inserted and filled as a person does', function () {
  this.timeout(60_000);
  let client: EciClient;
  let native: JdcloudClient;
  before(async () => {
    const url = await vscode.commands.executeCommand<string>('eci.useLocalEmulator');
    await vscode.commands.executeCommand('eci.selectProfile', 'local-emulator');
    client = new EciClient({ credentials: { ...DEMO_KEY, source: 'test' }, regionId: 'cn-hangzhou', endpoint: url });
    native = new JdcloudClient({ credentials: DEMO_KEY, endpoint: url });
  });
  after(async () => {
    await client.close();
    await native.close();
  });

  it('has a case below for every snippet of both schemas', () => {
    const all = [
      ...snippetsOf(eciSchema).map((s) => ({ ...s, schema: 'eci' })),
      ...snippetsOf(jdcloudSchema).map((s) => ({ ...s, schema: 'native' })),
    ];
    assert.equal(all.length, 18);
    const missing = all.filter(
      (s) => !CASES.some((c) => c.schema === s.schema && c.pointer === s.pointer && c.label === s.snippet.label),
    );
    assert.deepEqual(
      missing.map((s) => `${s.schema} ${s.pointer} ${s.snippet.label}`),
      [],
    );
  });

  for (const testCase of CASES) {
    it(`${testCase.schema === 'eci' ? 'ECI' : 'Native Container'} ${testCase.pointer || 'template'}: "${testCase.label}"`, async () => {
      const schema = testCase.schema === 'eci' ? eciSchema : jdcloudSchema;
      const snippet = snippetsOf(schema).find(
        (s) => s.pointer === testCase.pointer && s.snippet.label === testCase.label,
      );
      assert.ok(snippet, 'the schema offers it');
      const stops = tabStops(snippet.snippet.body);
      for (const [stop, paths] of stops) assert.equal(paths.length, 1, `tab stop ${stop} fills ${paths.length} fields`);
      assert.deepEqual(
        [...stops.keys()].sort((a, b) => a - b),
        Object.keys(testCase.values).map(Number),
        'a value for each tab stop',
      );

      const cursor = testCase.text.indexOf('|');
      // A file of its own for each case (several cases share a place in the template).
      const uri = vscode.Uri.joinPath(workspace(), `${CASES.indexOf(testCase)}-${testCase.file}`);
      await vscode.workspace.fs.writeFile(uri, Buffer.from(testCase.text.replace('|', '')));
      const document = await vscode.workspace.openTextDocument(uri);
      const editor = await vscode.window.showTextDocument(document);
      try {
        const position = document.positionAt(cursor);
        editor.selection = new vscode.Selection(position, position);
        const items = await vscode.commands.executeCommand<vscode.CompletionList>(
          'vscode.executeCompletionItemProvider',
          uri,
          position,
        );
        const item = items.items.find((i) => i.label === testCase.label);
        assert.ok(item?.insertText instanceof vscode.SnippetString, `the snippet is offered there`);
        await editor.insertSnippet(item.insertText, position);
        for (const stop of [...stops.keys()].sort((a, b) => a - b)) {
          await vscode.commands.executeCommand('type', { text: testCase.values[stop] });
          await vscode.commands.executeCommand('jumpToNextSnippetPlaceholder');
        }
        await vscode.commands.executeCommand('leaveSnippet');

        const text = document.getText();
        const dialect = testCase.schema === 'eci' ? undefined : JDCLOUD_SPEC;
        const parsed = parseTemplateText(text, 'yaml', dialect?.schema).documents[0]?.value;
        const inserted = valueAt(parsed, testCase.at);
        for (const [stop, [path]] of stops) {
          const typed = testCase.values[stop] ?? '';
          const expected = /^\d+(\.\d+)?$/.test(typed) ? Number(typed) : typed;
          assert.deepEqual(
            valueAt(inserted, path ?? []),
            expected,
            `tab stop ${stop} (${(path ?? []).join('.')})\n${text}`,
          );
        }
        const problems = validateTemplateText(text, 'yaml', dialect).filter((d) => d.severity === 'error');
        assert.deepEqual(
          problems.map((d) => `${d.range.start.line + 1}: ${d.message}`),
          [],
          text,
        );
        await document.save();

        if (testCase.schema === 'eci') {
          const name = String((parsed as Json)['containerGroupName']);
          const id = await new ScriptedPrompter()
            .expectConfirm(exactly(`Deploy ${name} to cn-hangzhou with Local emulator?`), true)
            .answering(() =>
              vscode.commands.executeCommand<string | undefined>('eci.deploy', uri, { followIntervalMs: 200 }),
            );
          assert.match(id ?? '', /^eci-/, 'deployed');
          assert.ok((await describeContainerGroups(client, { ContainerGroupIds: [id ?? ''] })).ContainerGroups[0]);
          await deleteContainerGroup(client, id ?? '');
        } else {
          const spec = (parsed as { containerSpec: Json }).containerSpec;
          const ids = await new ScriptedPrompter()
            .expectConfirm(
              exactly(
                `Create 1 container "${String(spec['name'])}" (${String(spec['image'])}, ${String(spec['instanceType'])}) in cn-north-1 with JD Cloud emulator?`,
              ),
              true,
            )
            .answering(() => vscode.commands.executeCommand<string[]>('eci.jdcloud.createContainers', uri));
          assert.equal(ids.length, 1, 'created');
          // A container being created cannot be deleted yet: once it runs, it is.
          await waitForContainerStatus(native, 'cn-north-1', ids[0] ?? '', 'running', { intervalMs: 100 });
          assert.deepEqual(
            await new ScriptedPrompter()
              .expectConfirm(exactly(`Delete ${String(spec['name'])} (${ids[0] ?? ''})? This cannot be undone.`), true)
              .answering(() =>
                vscode.commands.executeCommand('eci.jdcloud.deleteContainer', {
                  provider: 'jdcloud',
                  containerId: ids[0],
                }),
              ),
            ids,
          );
        }
      } finally {
        // Closed either way: a case that failed leaves no edited document for the next.
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      }
    });
  }
});
