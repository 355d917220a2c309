import { runToEnd } from '../../core/exec';
import type { ContainerDebugConfiguration } from '../debug/container-debug';
import { DEBUG_TYPE, DEFAULT_DEBUG_PORTS } from '../debug/container-debug';
import type { ExtensionServices } from '../services';
import * as vscode from '../vscode-api';
import { attachDebuggerOptionsArg } from './command-args';
import { pickWorkload } from './workload-pick';
import type { WorkloadTarget } from './workload-target';
import { targetLabel, workloadTarget } from './workload-target';

/** Where each container's sources are mapped, per workspace: "<provider>:<workload name>/<container>" → roots. */
const MAPPINGS_KEY = 'eci.debug.pathMappings';
type Mappings = Record<string, { readonly localRoot: string; readonly remoteRoot: string }>;

/**
 * ECI: Attach Debugger — to a program in a running container (either provider) that listens for a debugger: Node's
 * inspector (`node --inspect=9229`) or Python's debugpy (`python -m debugpy --listen 5678`). Asks which, the port,
 * and (once per workload name and container, remembered in the workspace) the workspace folder of the sources and
 * the container's folder of the program (its working directory, offered). Then starts a session of our debug type
 * `eci` (src/vscode/debug/container-debug.ts), the same a launch.json configuration gives: the port is forwarded
 * over exec and VS Code's own debugger attaches. Returns the configuration started, or undefined.
 */
export async function attachDebugger(
  services: ExtensionServices,
  given?: unknown,
  options?: unknown,
): Promise<ContainerDebugConfiguration | undefined> {
  const preset = attachDebuggerOptionsArg(options);
  if (preset.runtime !== undefined && preset.runtime !== 'node' && preset.runtime !== 'python')
    // l10n-ignore: automation's mistake (the options argument), said in English as command-args.ts says its own
    throw new Error(`runtime must be "node" or "python", not ${JSON.stringify(preset.runtime)}.`);
  const arg = given ?? (await pickWorkload(services, vscode.l10n.t('Attach a Debugger to'), true));
  if (arg === undefined) return undefined;
  const target = await workloadTarget(services, arg, false);
  if (target?.container === undefined) return undefined;
  const runtime =
    (preset.runtime as 'node' | 'python' | undefined) ??
    (
      await services.prompter.pick(
        [
          {
            // l10n-ignore: the runtime's own name
            label: 'Node.js',
            runtime: 'node',
            detail: vscode.l10n.t('The inspector: node --inspect=9229 (or NODE_OPTIONS=--inspect)'),
          },
          // l10n-ignore: the runtime's own name
          { label: 'Python', runtime: 'python', detail: 'debugpy: python -m debugpy --listen 5678' },
        ] as const,
        { title: vscode.l10n.t('Attach a debugger to {0}', targetLabel(target)) },
      )
    )?.runtime;
  if (runtime === undefined) return undefined;
  const port =
    preset.port ??
    (await services.prompter
      .input({
        title: vscode.l10n.t("The debugger's port in {0}", targetLabel(target)),
        value: String(DEFAULT_DEBUG_PORTS[runtime]),
        ignoreFocusOut: true,
        validateInput: (v) =>
          /^\d+$/.test(v.trim()) && Number(v) >= 1 && Number(v) <= 65_535
            ? undefined
            : vscode.l10n.t('A port is a whole number from 1 to 65535'),
      })
      .then((text) => (text === undefined ? undefined : Number(text.trim()))));
  if (port === undefined) return undefined;
  const roots = await pathMapping(services, target, preset);
  if (roots === undefined) return undefined;
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(roots.localRoot));
  const configuration: ContainerDebugConfiguration = {
    type: DEBUG_TYPE,
    request: 'attach',
    // l10n-ignore: the runtimes' own names
    name: `${targetLabel(target)} (${runtime === 'node' ? 'Node.js' : 'Python'})`,
    profile: target.profile.id,
    provider: target.provider.info.id,
    regionId: target.regionId,
    workload: target.workload.id,
    container: target.container,
    runtime,
    port,
    ...roots,
  };
  // Attaching to a program in a container has nothing to do with this window's unsaved editors: saving them first
  // (debug.saveBeforeStart) would ask where to save an untitled one, and the attach would wait on that.
  const started = await vscode.debug.startDebugging(folder, configuration, { suppressSaveBeforeStart: true });
  return started ? configuration : undefined;
}

/**
 * The workspace folder and the container folder mapped for a target: given, remembered, or asked (the container's
 * working directory offered, as `pwd` there says) and then remembered.
 */
async function pathMapping(
  services: ExtensionServices,
  target: WorkloadTarget,
  preset: { readonly localRoot?: string | undefined; readonly remoteRoot?: string | undefined },
): Promise<{ localRoot: string; remoteRoot: string } | undefined> {
  const key = `${target.provider.info.id}:${target.workload.name}/${target.container ?? ''}`;
  const state = services.context.workspaceState;
  const remembered = state.get<Mappings>(MAPPINGS_KEY, {})[key];
  let localRoot = preset.localRoot ?? remembered?.localRoot;
  let remoteRoot = preset.remoteRoot ?? remembered?.remoteRoot;
  if (localRoot === undefined) {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const picked =
      folders.length === 1
        ? folders[0]
        : (
            await services.prompter.pick(
              folders.map((f) => ({ label: f.name, description: f.uri.fsPath, folder: f })),
              { title: vscode.l10n.t('The workspace folder with the sources of {0}', targetLabel(target)) },
            )
          )?.folder;
    if (picked === undefined) {
      if (folders.length === 0)
        throw new Error(
          vscode.l10n.t("Open the folder with the program's sources first: breakpoints are set in its files."),
        );
      return undefined;
    }
    localRoot = picked.uri.fsPath;
  }
  if (remoteRoot === undefined) {
    const backend = target.provider.execBackend(
      () => services.clients.client(target.profile),
      target.regionId,
      target.item,
      target.container ?? '',
    );
    const workingDirectory = await runToEnd(backend, ['sh', '-c', 'pwd'], { timeoutMs: 10_000 }).then(
      (ran) => ran.stdout.toString('utf8').trim(),
      () => '/',
    );
    remoteRoot = await services.prompter.input({
      title: vscode.l10n.t('The folder in {0} that holds the program (mapped to {1})', targetLabel(target), localRoot),
      value: workingDirectory === '' ? '/' : workingDirectory,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim().startsWith('/') ? undefined : vscode.l10n.t('A folder in the container, from /')),
    });
    if (remoteRoot === undefined) return undefined;
    remoteRoot = remoteRoot.trim();
  }
  await state.update(MAPPINGS_KEY, { ...state.get<Mappings>(MAPPINGS_KEY, {}), [key]: { localRoot, remoteRoot } });
  return { localRoot, remoteRoot };
}
