import assert from 'node:assert/strict';
import { quotaLine } from '../../src/core/quota';
import { doneMessages } from '../../src/jdcloud/operations';
import { PROVIDERS, type ProviderId } from '../../src/providers/providers';
import { doneNotices } from '../../src/vscode/commands/jdcloud/done-notices';
import { quotaLineSaid } from '../../src/vscode/commands/quota-line';
import {
  noProfileOfAnyYet,
  noProfileYet,
  orList,
  providerTitle,
  workloadNoun,
  workloadsNoun,
} from '../../src/vscode/commands/provider-words';

/**
 * The providers' words as the commands' messages say them (provider-words.ts, through vscode.l10n.t so that they are
 * said in VS Code's display language) are, in English, the words src/providers/providers.ts gives each provider: a
 * provider's word changed in one place and not the other would make the messages say something else than the log.
 */
describe("the providers' words in the commands' messages", () => {
  const ids = Object.keys(PROVIDERS) as ProviderId[];

  it("are the providers' own words in English", () => {
    for (const id of ids) {
      const info = PROVIDERS[id];
      assert.equal(workloadNoun(id), info.workload, id);
      assert.equal(workloadsNoun(id), info.workloads, id);
      assert.equal(providerTitle(id), info.title, id);
      assert.equal(noProfileYet(id), `No ${info.title} profile yet: ${info.firstProfile}.`, id);
    }
    assert.equal(
      noProfileOfAnyYet(ids),
      `No profile yet: ${ids.map((id) => `for ${PROVIDERS[id].title}, ${PROVIDERS[id].firstProfile}`).join('; ')}.`,
    );
  });

  it('list words with "or"', () => {
    assert.equal(orList([]), '');
    assert.equal(orList(['containers']), 'containers');
    assert.equal(orList(['container groups', 'containers']), 'container groups or containers');
    assert.equal(orList(['stopped', 'pending', 'running']), 'stopped, pending or running');
  });
});

/**
 * JD Cloud's commands end with a notification in VS Code's display language (doneNotices) and a log line in English
 * (doneMessages, src/jdcloud/operations.ts): in English both say the same.
 */
describe("JD Cloud's notifications of what was done", () => {
  it('say in English what the log says', () => {
    assert.equal(doneNotices.rebuilt('web', 'nginx:1.29-alpine'), doneMessages.rebuilt('web', 'nginx:1.29-alpine'));
    assert.equal(doneNotices.associated('web', '114.67.0.3'), doneMessages.associated('web', '114.67.0.3'));
    assert.equal(doneNotices.disassociated('web', '114.67.0.3'), doneMessages.disassociated('web', '114.67.0.3'));
    assert.equal(
      doneNotices.secretCreated('demo-registry', 'cn-north-1'),
      doneMessages.secretCreated('demo-registry', 'cn-north-1'),
    );
    assert.equal(
      doneNotices.secretDeleted('demo-registry', 'cn-north-1'),
      doneMessages.secretDeleted('demo-registry', 'cn-north-1'),
    );
  });
});

describe("Show Quota's lines", () => {
  it('say in English what quotaLine says', () => {
    for (const [used, limit] of [
      [3, 20],
      [20, 20],
      [0, 0],
    ] as const)
      assert.equal(quotaLineSaid('containers', used, limit), quotaLine('containers', used, limit));
  });
});
