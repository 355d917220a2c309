import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { EciExtensionApi } from '../../src/extension';
import { run } from './workbench';

/**
 * "Filter Explorer…" in a real VS Code against the emulator's demo data: the rows of every provider's regions are
 * narrowed to the workloads that match, a region with none says so, and clearing brings every row back.
 */
describe("the explorer's filter", function () {
  this.timeout(60_000);
  let eci: EciExtensionApi;
  /** The workload rows of the home regions (depth 3: profile, region, workload), as the tree renders them. */
  const rows = async (profile: string): Promise<string[]> =>
    (await eci.explorerRows(profile, 3)).filter((row) => /^ {4}\S/.test(row)).map((row) => row.trim());

  before(async () => {
    const extension = vscode.extensions.all.find((e) => e.packageJSON?.name === 'vscode-eci');
    assert.ok(extension);
    eci = (await extension.activate()) as EciExtensionApi;
    await run('eci.useLocalEmulator');
    await run('eci.clearExplorerFilter');
  });
  after(async () => {
    await run('eci.clearExplorerFilter');
    await run('eci.groupExplorerByTag', '');
  });

  it('keeps only what matches, in every provider, says when a region has none, and clears', async () => {
    const eciAll = await rows('local-emulator');
    const jdAll = await rows('local-emulator-jdcloud');
    assert.ok(eciAll.some((r) => / — Running/.test(r)) && eciAll.some((r) => !/ — Running/.test(r)), eciAll.join('\n'));
    assert.ok(
      jdAll.some((r) => / — running/.test(r)),
      jdAll.join('\n'),
    );

    assert.equal(await run('eci.filterExplorer', 'status:running'), 'status:running');
    const eciRunning = await rows('local-emulator');
    const jdRunning = await rows('local-emulator-jdcloud');
    // The running workloads stay, every one; what went is what is not running (the folders stay too).
    const running = (list: string[], word: string): string[] => list.filter((r) => r.includes(` — ${word}`));
    assert.deepEqual(running(eciRunning, 'Running'), running(eciAll, 'Running'));
    assert.deepEqual(running(jdRunning, 'running'), running(jdAll, 'running'));
    const gone = [...eciAll.filter((r) => !eciRunning.includes(r)), ...jdAll.filter((r) => !jdRunning.includes(r))];
    assert.ok(gone.length > 0 && gone.every((r) => !/ — [Rr]unning/.test(r)), gone.join('\n'));
    assert.ok(
      (await eci.explorerRows('local-emulator', 2)).some((r) => / match$/.test(r)),
      'the region says how many match',
    );

    await run('eci.filterExplorer', 'no-such-workload-anywhere');
    assert.ok((await rows('local-emulator')).includes('No container groups match "no-such-workload-anywhere"'));
    assert.ok((await rows('local-emulator-jdcloud')).includes('No containers match "no-such-workload-anywhere"'));

    assert.equal(await run('eci.clearExplorerFilter'), '');
    assert.deepEqual(await rows('local-emulator'), eciAll);
    assert.deepEqual(await rows('local-emulator-jdcloud'), jdAll);
  });

  it('groups by a tag: one folder per value with its workloads, the untagged last; with a filter too; flat again', async () => {
    /** The rows under the profile's first (home) region, one level less indented. */
    const home = async (depth: number): Promise<string[]> => {
      const all = await eci.explorerRows('local-emulator', depth);
      const regions = all.flatMap((row, i) => (/^ {2}\S/.test(row) ? [i] : []));
      return all.slice((regions[0] ?? 0) + 1, regions[1]).map((row) => row.slice(4));
    };
    const flat = await home(4);
    assert.equal(await run('eci.groupExplorerByTag', 'app'), 'app');
    const grouped = await home(4);
    // The demo data tags one group app=shop and one app=orders (src/emulator/demo-seed.ts).
    const folders = grouped.filter((row) => /^(app=|No app tag)/.test(row));
    assert.deepEqual(
      folders.map((f) => f.replace(/ — \d+$/, '')),
      ['app=orders', 'app=shop', 'No app tag'],
      grouped.join('\n'),
    );
    const under = (folder: string): string[] => {
      const start = grouped.findIndex((row) => row.startsWith(folder));
      const end = grouped.findIndex((row, i) => i > start && !row.startsWith(' '));
      return grouped.slice(start + 1, end === -1 ? undefined : end).filter((row) => /^ {2}\S/.test(row));
    };
    assert.equal(under('app=shop').length, 1);
    assert.equal(under('app=orders').length, 1);
    // Every workload is in exactly one folder, and the folders' counts add up; the rest (image caches) follows.
    const workloads = flat.filter((row) => /^\S/.test(row) && / — /.test(row) && !/^Image caches/.test(row));
    const inFolders = [...under('app=orders'), ...under('app=shop'), ...under('No app tag')].map((r) => r.trim());
    assert.deepEqual([...inFolders].sort(), [...workloads].sort());
    assert.equal(
      folders.reduce((sum, f) => sum + Number(/ — (\d+)$/.exec(f)?.[1] ?? 0), 0),
      workloads.length,
    );
    assert.ok(grouped.some((row) => /^Image caches/.test(row)));
    // Folders of what the filter keeps only.
    await run('eci.filterExplorer', 'status:running');
    const runningFolders = (await home(3)).filter((row) => /^(app=|No app tag)/.test(row));
    assert.ok(runningFolders.length > 0 && runningFolders.length <= folders.length, runningFolders.join('\n'));
    await run('eci.clearExplorerFilter');

    assert.equal(await run('eci.groupExplorerByTag', ''), '');
    assert.deepEqual(await home(4), flat);
  });
});
