import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { EciExtensionApi } from '../../src/extension';
import { ScriptedPrompter } from './scripted-prompter';
import { run } from './workbench';

/**
 * The extension's questions answered by a test (ScriptedPrompter through EciExtensionApi.testing): what the other
 * extension-host tests rely on to drive commands that confirm, pick or ask.
 */
async function api(): Promise<EciExtensionApi> {
  const extension = vscode.extensions.all.find((e) => e.packageJSON?.name === 'vscode-eci');
  assert.ok(extension, 'the extension is installed');
  return (await extension.activate()) as EciExtensionApi;
}

describe('questions answered by a test', () => {
  before(async () => {
    await run('eci.useLocalEmulator');
  });

  it("answers a command's questions in the person's place, and keeps what was asked", async () => {
    const prompts = new ScriptedPrompter()
      .expectPick('Local emulator', /^Remove which profile\?$/)
      .expectConfirm(/^Remove the profile "Local emulator" and its stored AccessKey\?/, false);
    assert.equal(await prompts.answering(() => run('eci.removeProfile')), false);
    const [pick, confirm] = prompts.asked;
    assert.equal(pick?.kind, 'pick');
    assert.ok(pick.labels.includes('Local emulator') && pick.labels.includes('JD Cloud emulator'), pick.labels.join());
    assert.deepEqual(confirm, {
      kind: 'confirm',
      message: 'Remove the profile "Local emulator" and its stored AccessKey? Its container groups are not touched.',
      detail: undefined,
      action: 'Remove',
    });
    // Declined: the profile is still there.
    assert.ok((await api()).profiles().some((p) => p.id === 'local-emulator'));
  });

  it('fails naming the question when a command asks one the script does not expect', async () => {
    const prompts = new ScriptedPrompter();
    await assert.rejects(
      prompts.answering(() => run('eci.removeProfile')),
      /Unexpected pick "Remove which profile\?" of \[.*"Local emulator".*\]: the script expected nothing more\./,
    );
    const wrong = new ScriptedPrompter().expectConfirm(/^Delete/, true);
    await assert.rejects(
      wrong.answering(() => run('eci.removeProfile')),
      /Unexpected pick "Remove which profile\?".*: the script expected confirm \/\^Delete\/ \(answered yes\) next\./,
    );
  });

  it('fails when the script is not used up, or gives an answer the question refuses', async () => {
    await assert.rejects(
      new ScriptedPrompter().expectConfirm(/^Delete web-1/, true).answering(() => Promise.resolve(undefined)),
      /expected 1 more question\(s\) that were never asked: confirm \/\^Delete web-1\/ \(answered yes\)\. Asked: nothing/,
    );
    const prompts = new ScriptedPrompter().expectInput('NOT A NAME', /^name$/);
    await assert.rejects(
      prompts.input({ title: 'name', validateInput: (v) => (/^[a-z]+$/.test(v) ? undefined : 'lower-case only') }),
      /The script's answer "NOT A NAME" to input "name" is refused: lower-case only/,
    );
    assert.throws(() => prompts.assertDone(), /refused: lower-case only/);
  });

  it('takes one test prompter at a time, and gives the window its own back', async () => {
    const { testing } = await api();
    assert.ok(testing);
    const first = testing.usePrompter(new ScriptedPrompter());
    assert.throws(() => testing.usePrompter(new ScriptedPrompter()), /Another prompter is in use already/);
    first.dispose();
    testing.usePrompter(new ScriptedPrompter()).dispose();
  });
});
