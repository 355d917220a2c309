import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { EciExtensionApi } from '../../src/extension';

/**
 * "Filter Explorer…" in a real VS Code against the emulator's demo data: the rows of every provider's regions are
 * narrowed to the workloads that match, a region with none says so, and clearing brings every row back.
 */
describe("the explorer's filter", function () {
  this.timeout(60_000);
  let eci: EciExtensionApi;
  const run = <T>(command: string, ...args: unknown[]): Thenable<T> =>
    vscode.commands.executeCommand<T>(command, ...args);
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
  after(() => run('eci.clearExplorerFilter'));

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
});
