import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { EciExtensionApi } from '../../src/extension';
import type {
  ChooseLocalRequest,
  ConfirmRequest,
  InputRequest,
  NotifyRequest,
  PickOptions,
  Prompter,
} from '../../src/vscode/prompter';

/** A question a command asked, as the person would have seen it. */
export type AskedPrompt =
  | { readonly kind: 'confirm'; readonly message: string; readonly detail?: string; readonly action: string }
  | { readonly kind: 'pick' | 'pickMany'; readonly title?: string; readonly labels: readonly string[] }
  | { readonly kind: 'input'; readonly title?: string; readonly prompt?: string; readonly value?: string }
  | { readonly kind: 'chooseLocal'; readonly title: string; readonly action: string };

/** A notification shown meanwhile, as the person would have read it, and the button the script clicked on it. */
export interface ShownNotification extends NotifyRequest {
  readonly clicked: string | undefined;
}

/** Which item to choose: its label, a pattern its label matches, or a test on the item. */
export type ItemChoice = string | RegExp | ((item: vscode.QuickPickItem) => boolean);

type Expected =
  | { readonly kind: 'confirm'; readonly message: RegExp; readonly answer: boolean }
  | { readonly kind: 'pick'; readonly title?: RegExp; readonly choose: ItemChoice | undefined }
  | { readonly kind: 'pickMany'; readonly title?: RegExp; readonly choose: ItemChoice | undefined }
  | { readonly kind: 'input'; readonly title?: RegExp; readonly answer: string | undefined }
  | { readonly kind: 'chooseLocal'; readonly title?: RegExp; readonly answer: readonly string[] | undefined };

function describeExpected(expected: Expected): string {
  switch (expected.kind) {
    case 'confirm':
      return `confirm ${String(expected.message)} (answered ${expected.answer ? 'yes' : 'no'})`;
    case 'input':
      return `input${expected.title === undefined ? '' : ` ${String(expected.title)}`}`;
    default:
      return `${expected.kind}${expected.title === undefined ? '' : ` ${String(expected.title)}`}`;
  }
}

function describeAsked(asked: AskedPrompt): string {
  switch (asked.kind) {
    case 'confirm':
      return `confirm "${asked.message}"${asked.detail === undefined ? '' : ` (detail "${asked.detail}")`} [${asked.action}]`;
    case 'input':
      return `input "${asked.title ?? asked.prompt ?? ''}"`;
    case 'chooseLocal':
      return `chooseLocal "${asked.title}" [${asked.action}]`;
    default:
      return `${asked.kind} "${asked.title ?? ''}" of ${JSON.stringify(asked.labels)}`;
  }
}

function chosen(choice: ItemChoice, item: vscode.QuickPickItem): boolean {
  if (typeof choice === 'string') return item.label === choice;
  if (choice instanceof RegExp) return choice.test(item.label);
  return choice(item);
}

/** A pattern that matches `text` and nothing else: for a question whose every word matters. */
export function exactly(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

const matches = (pattern: RegExp | undefined, text: string | undefined): boolean =>
  pattern === undefined || pattern.test(text ?? '');

/**
 * A Prompter that answers from a script, in order, in the person's place: `expectConfirm(/Delete web-1/, true)`,
 * `expectPick('nginx')`, `expectInput('value')`. It keeps every question asked (`asked`). A question the script
 * does not expect next rejects, naming the question (the command then fails); `assertDone()` throws that failure,
 * and fails too when the script was not used up. `answering()` puts it in the extension for one command and checks
 * both.
 */
export class ScriptedPrompter implements Prompter {
  private readonly script: Expected[] = [];
  private readonly questions: AskedPrompt[] = [];
  private failure: Error | undefined;
  private readonly clicks: { readonly message: RegExp; readonly action: string }[] = [];
  private readonly shown: ShownNotification[] = [];

  /** Every question asked so far, in order. */
  get asked(): readonly AskedPrompt[] {
    return this.questions;
  }

  /** The confirmations asked so far (what the tests check most). */
  get confirmations(): Extract<AskedPrompt, { kind: 'confirm' }>[] {
    return this.questions.filter((q): q is Extract<AskedPrompt, { kind: 'confirm' }> => q.kind === 'confirm');
  }

  /**
   * Every notification shown while this prompter is in place. Notifications come in the background, whenever
   * something happens, not as a command's question: they are kept here, not checked against the script.
   */
  get notifications(): readonly ShownNotification[] {
    return this.shown;
  }

  /** Clicks `action` on the next notification whose message matches (once); the others are left unanswered. */
  clickOnNotification(message: RegExp, action: string): this {
    this.clicks.push({ message, action });
    return this;
  }

  /** A modal confirmation whose message matches, answered with its button (`true`) or by dismissing it. */
  expectConfirm(message: RegExp, answer: boolean): this {
    this.script.push({ kind: 'confirm', message, answer });
    return this;
  }

  /** A quick pick (whose title matches, when given), answered with the first item `choose` names; undefined cancels. */
  expectPick(choose: ItemChoice | undefined, title?: RegExp): this {
    this.script.push({ kind: 'pick', choose, title });
    return this;
  }

  /** A quick pick of several, answered with every item `choose` names; undefined cancels. */
  expectPickMany(choose: ItemChoice | undefined, title?: RegExp): this {
    this.script.push({ kind: 'pickMany', choose, title });
    return this;
  }

  /** An input box (whose title matches, when given), answered with `answer`, which its validation must take. */
  expectInput(answer: string | undefined, title?: RegExp): this {
    this.script.push({ kind: 'input', answer, title });
    return this;
  }

  /** VS Code's open dialog (whose title matches, when given), answered with these local paths; undefined cancels. */
  expectChooseLocal(answer: readonly string[] | undefined, title?: RegExp): this {
    this.script.push({ kind: 'chooseLocal', answer, title });
    return this;
  }

  /** Throws the first unexpected question, or says which expected ones were never asked. */
  assertDone(): void {
    if (this.failure !== undefined) throw this.failure;
    if (this.script.length > 0)
      assert.fail(
        `The script expected ${this.script.length} more question(s) that were never asked: ${this.script.map(describeExpected).join('; ')}. Asked: ${this.questions.map(describeAsked).join('; ') || 'nothing'}`,
      );
  }

  /**
   * Runs `body` (usually one `executeCommand`) with the extension asking this prompter, then checks that every
   * question was expected and every expected one asked. The extension's own prompter is back afterwards, either way.
   */
  async answering<T>(body: () => Thenable<T>): Promise<T> {
    const extension = vscode.extensions.all.find(
      (e) => (e.packageJSON as { name?: string } | undefined)?.name === 'vscode-eci',
    );
    assert.ok(extension, 'the extension is installed');
    const { testing } = (await extension.activate()) as EciExtensionApi;
    assert.ok(testing, 'EciExtensionApi.testing is there: the tests run in ExtensionMode.Test');
    const handle = testing.usePrompter(this);
    let result: T;
    try {
      result = await body();
    } finally {
      handle.dispose();
    }
    this.assertDone();
    return result;
  }

  /** Takes the next expectation, or records and throws why the question was not the one expected. */
  private next<K extends Expected['kind']>(
    asked: AskedPrompt,
    kind: K,
    title: string | undefined,
  ): Extract<Expected, { kind: K }> {
    this.questions.push(asked);
    const expected = this.script[0];
    const problem =
      expected === undefined
        ? 'the script expected nothing more'
        : expected.kind !== kind
          ? `the script expected ${describeExpected(expected)} next`
          : expected.kind === 'confirm'
            ? matches(expected.message, asked.kind === 'confirm' ? asked.message : undefined)
              ? undefined
              : `the script expected ${describeExpected(expected)}`
            : matches(expected.title, title)
              ? undefined
              : `the script expected ${describeExpected(expected)}`;
    if (problem !== undefined) this.fail(`Unexpected ${describeAsked(asked)}: ${problem}.`);
    this.script.shift();
    return expected as Extract<Expected, { kind: K }>;
  }

  private fail(message: string): never {
    const error = new Error(message);
    this.failure ??= error;
    throw error;
  }

  async confirm(request: ConfirmRequest): Promise<boolean> {
    const expected = this.next(
      { kind: 'confirm', message: request.message, detail: request.detail, action: request.action },
      'confirm',
      undefined,
    );
    return expected.answer;
  }

  async pick<T extends vscode.QuickPickItem>(items: readonly T[], options: PickOptions): Promise<T | undefined> {
    const asked: AskedPrompt = { kind: 'pick', title: options.title, labels: items.map((i) => i.label) };
    const { choose } = this.next(asked, 'pick', options.title);
    if (choose === undefined) return undefined;
    const item = items.find((i) => chosen(choose, i));
    if (item === undefined) this.fail(`Nothing to choose in ${describeAsked(asked)} matches ${String(choose)}.`);
    return item;
  }

  async pickMany<T extends vscode.QuickPickItem>(items: readonly T[], options: PickOptions): Promise<T[] | undefined> {
    const asked: AskedPrompt = { kind: 'pickMany', title: options.title, labels: items.map((i) => i.label) };
    const { choose } = this.next(asked, 'pickMany', options.title);
    if (choose === undefined) return undefined;
    const picked = items.filter((i) => chosen(choose, i));
    if (picked.length === 0) this.fail(`Nothing to choose in ${describeAsked(asked)} matches ${String(choose)}.`);
    return picked;
  }

  async notify(request: NotifyRequest): Promise<string | undefined> {
    const at = this.clicks.findIndex((click) => click.message.test(request.message));
    const click = at === -1 ? undefined : this.clicks.splice(at, 1)[0];
    this.shown.push({ ...request, clicked: click?.action });
    if (click !== undefined && !request.actions.includes(click.action))
      this.fail(
        `The notification "${request.message}" has no button ${click.action}; it has ${JSON.stringify(request.actions)}.`,
      );
    return click?.action;
  }

  async input(request: InputRequest): Promise<string | undefined> {
    const asked: AskedPrompt = { kind: 'input', title: request.title, prompt: request.prompt, value: request.value };
    const { answer } = this.next(asked, 'input', request.title ?? request.prompt);
    if (answer === undefined) return undefined;
    // As the input box does: a value its validation refuses cannot be entered.
    const refused = request.validateInput?.(answer);
    if (refused !== undefined)
      this.fail(`The script's answer "${answer}" to ${describeAsked(asked)} is refused: ${refused}`);
    return answer;
  }

  async chooseLocal(request: ChooseLocalRequest): Promise<vscode.Uri[] | undefined> {
    const asked: AskedPrompt = { kind: 'chooseLocal', title: request.title, action: request.action };
    const { answer } = this.next(asked, 'chooseLocal', request.title);
    return answer?.map((path) => vscode.Uri.file(path));
  }
}
