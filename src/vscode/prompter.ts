import * as vscode from './vscode-api';

/** A modal question with one button that goes ahead; closing the dialog (or Cancel) is the only other answer. */
export interface ConfirmRequest {
  readonly message: string;
  /** Shown under the message: what the action touches, a price, a list of changes. */
  readonly detail?: string;
  /** The button's text, a verb that says what happens ("Delete", "Stop and Rebuild"). */
  readonly action: string;
  /** `info` for an action that makes something (a deploy, a create); `warning`, the default, for the rest. */
  readonly severity?: 'info' | 'warning';
}

export type PickOptions = Pick<
  vscode.QuickPickOptions,
  'title' | 'placeHolder' | 'matchOnDescription' | 'matchOnDetail' | 'ignoreFocusOut'
>;

export interface InputRequest extends Pick<
  vscode.InputBoxOptions,
  'title' | 'prompt' | 'placeHolder' | 'value' | 'password' | 'ignoreFocusOut'
> {
  /** Why a value is refused, or undefined when it is taken; the box stays open until a taken value is entered. */
  readonly validateInput?: (value: string) => string | undefined;
}

/** A notification with buttons, in the corner: it interrupts nothing, and the person may never answer it. */
export interface NotifyRequest {
  readonly message: string;
  readonly severity: 'info' | 'warning' | 'error';
  /** The buttons' texts. */
  readonly actions: readonly string[];
}

/** Files or folders of this machine to choose, in VS Code's open dialog. */
export interface ChooseLocalRequest {
  readonly title: string;
  /** The button's text ("Download Here", "Upload"). */
  readonly action: string;
  /** Folders (a place to put something) or files and folders (what to send). */
  readonly folders: boolean;
  readonly many: boolean;
  readonly defaultUri?: vscode.Uri | undefined;
}

/**
 * Every question a command asks the person: a modal confirmation, a quick pick, an input box. Commands ask through
 * `services.prompter` only, so that the extension-host tests can answer in the person's place
 * (`EciExtensionApi.testing`) and check what was asked. Each answer is undefined (false for `confirm`) when the
 * person dismissed the question.
 */
export interface Prompter {
  confirm(request: ConfirmRequest): Promise<boolean>;
  pick<T extends vscode.QuickPickItem>(items: readonly T[], options: PickOptions): Promise<T | undefined>;
  /** Items with `picked: true` start ticked. */
  pickMany<T extends vscode.QuickPickItem>(items: readonly T[], options: PickOptions): Promise<T[] | undefined>;
  input(request: InputRequest): Promise<string | undefined>;
  /** The button clicked on the notification; undefined when it was closed (or never answered, until then). */
  notify(request: NotifyRequest): Promise<string | undefined>;
  /** Files or folders of this machine (VS Code's open dialog); undefined when dismissed. */
  chooseLocal(request: ChooseLocalRequest): Promise<vscode.Uri[] | undefined>;
}

/** The person at the window: VS Code's modal message, quick pick and input box. */
export const windowPrompter: Prompter = {
  async confirm({ message, detail, action, severity }) {
    const answer =
      severity === 'info'
        ? await vscode.window.showInformationMessage(message, { modal: true, detail }, action)
        : await vscode.window.showWarningMessage(message, { modal: true, detail }, action);
    return answer === action;
  },
  async pick(items, options) {
    return vscode.window.showQuickPick([...items], options);
  },
  async pickMany(items, options) {
    return vscode.window.showQuickPick([...items], { ...options, canPickMany: true });
  },
  async input(request) {
    return vscode.window.showInputBox(request);
  },
  async notify({ message, severity, actions }) {
    switch (severity) {
      case 'error':
        return vscode.window.showErrorMessage(message, ...actions);
      case 'warning':
        return vscode.window.showWarningMessage(message, ...actions);
      default:
        return vscode.window.showInformationMessage(message, ...actions);
    }
  },
  async chooseLocal({ title, action, folders, many, defaultUri }) {
    return vscode.window.showOpenDialog({
      title,
      openLabel: action,
      canSelectFolders: true,
      canSelectFiles: !folders,
      canSelectMany: many,
      defaultUri,
    });
  },
};

/**
 * The prompter in services: the window's, or for a while the one a test put in its place. Commands keep the one
 * object they were given, so the switch happens here rather than in services.
 */
export class PrompterSwitch implements Prompter {
  private override: Prompter | undefined;

  constructor(private readonly person: Prompter) {}

  /** Answers with `prompter` until the returned disposable is disposed. One at a time: a second is a test's bug. */
  use(prompter: Prompter): vscode.Disposable {
    if (this.override !== undefined)
      // l10n-ignore: a test's bug, for the programmer (only tests put in a prompter)
      throw new Error('Another prompter is in use already: dispose of it before putting in a new one.');
    this.override = prompter;
    return new vscode.Disposable(() => {
      if (this.override === prompter) this.override = undefined;
    });
  }

  private get current(): Prompter {
    return this.override ?? this.person;
  }

  confirm(request: ConfirmRequest): Promise<boolean> {
    return this.current.confirm(request);
  }

  pick<T extends vscode.QuickPickItem>(items: readonly T[], options: PickOptions): Promise<T | undefined> {
    return this.current.pick(items, options);
  }

  pickMany<T extends vscode.QuickPickItem>(items: readonly T[], options: PickOptions): Promise<T[] | undefined> {
    return this.current.pickMany(items, options);
  }

  input(request: InputRequest): Promise<string | undefined> {
    return this.current.input(request);
  }

  notify(request: NotifyRequest): Promise<string | undefined> {
    return this.current.notify(request);
  }

  chooseLocal(request: ChooseLocalRequest): Promise<vscode.Uri[] | undefined> {
    return this.current.chooseLocal(request);
  }
}
