import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { SAMPLE_TEMPLATE } from '../../src/template/sample-template';
import { validateTemplateText } from '../../src/template/validate';

const ROOT = join(__dirname, '..', '..');
const readJson = (file: string) => JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as Record<string, unknown>;

interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown: string };
  completionEvents: string[];
}

describe('the first-run walkthrough', () => {
  const manifest = readJson('package.json') as { contributes: { walkthroughs: { id: string; steps: Step[] }[] } };
  const walkthrough = manifest.contributes.walkthroughs.find((w) => w.id === 'eci.gettingStarted');

  it('opens the sample template of samples/, word for word, and the template has no problem', () => {
    assert.equal(SAMPLE_TEMPLATE, readFileSync(join(ROOT, 'samples', 'nginx.eci.yaml'), 'utf8'));
    assert.deepEqual(validateTemplateText(SAMPLE_TEMPLATE, 'yaml'), []);
  });

  it('walks from the emulator to a sample, deploy, logs, a terminal and a real profile, each done by its command', () => {
    assert.ok(walkthrough);
    assert.deepEqual(
      walkthrough.steps.map((s) => [s.id, s.completionEvents[0]]),
      [
        ['emulator', 'onCommand:eci.useLocalEmulator'],
        ['sampleTemplate', 'onCommand:eci.openSampleTemplate'],
        ['deploy', 'onCommand:eci.deploy'],
        ['logs', 'onCommand:eci.streamLogs'],
        ['terminal', 'onCommand:eci.openTerminal'],
        ['profile', 'onCommand:eci.addProfile'],
      ],
    );
  });

  it('says each step in English and in Chinese, with a button that runs the step and media of its language', () => {
    assert.ok(walkthrough);
    const english = readJson('package.nls.json') as Record<string, string>;
    const chinese = readJson('package.nls.zh-cn.json') as Record<string, string>;
    const key = (value: string) => /^%(.+)%$/.exec(value)?.[1] ?? assert.fail(`${value} is not a %key%`);
    for (const step of walkthrough.steps) {
      const command = step.completionEvents[0]?.replace(/^onCommand:/, '');
      for (const [strings, cjk] of [
        [english, false],
        [chinese, true],
      ] as const) {
        const title = strings[key(step.title)] ?? '';
        const description = strings[key(step.description)] ?? '';
        assert.equal(/\p{Script=Han}/u.test(title), cjk, title);
        assert.ok(description.includes(`(command:${command})`), `${step.id}: ${description}`);
        const media = readFileSync(join(ROOT, strings[key(step.media.markdown)] ?? ''), 'utf8');
        assert.equal(/\p{Script=Han}/u.test(media), cjk, `${step.id}'s media`);
      }
    }
  });
});
