import assert from 'node:assert/strict';
import { PROVIDERS, type ProviderId } from '../../src/providers/providers';
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
