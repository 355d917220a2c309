import { randomUUID } from 'node:crypto';
import { messageText } from '../error-text';
import type { ProviderId } from '../../providers/providers';
import { providerFor } from '../../providers/registry';
import type { WorkloadTarget } from '../commands/workload-target';
import { workloadTarget } from '../commands/workload-target';
import type { ExtensionServices } from '../services';
import * as vscode from '../vscode-api';

/** The debug type of our own: a launch.json configuration a team can commit, resolved into Node's or Python's. */
export const DEBUG_TYPE = 'eci';

/** What a configuration of type `eci` says (package.json `contributes.debuggers` documents each field). */
export interface ContainerDebugConfiguration extends vscode.DebugConfiguration {
  /** A profile's name or ID; the provider's active profile when absent. */
  readonly profile?: string;
  readonly provider?: ProviderId;
  readonly regionId?: string;
  /** The ECI container group's ID, or the JD Cloud container's. */
  readonly workload?: string;
  /** The container in an ECI group (its only one when absent). */
  readonly container?: string;
  readonly runtime?: 'node' | 'python';
  /** The debugger's port in the container: Node's inspector (9229) or debugpy's (5678) when absent. */
  readonly port?: number;
  /** The workspace folder that holds the program's sources, and the folder in the container that holds them. */
  readonly localRoot?: string;
  readonly remoteRoot?: string;
}

export const DEFAULT_DEBUG_PORTS = { node: 9229, python: 5678 } as const;
/** The fields of a resolved configuration that name its forward and its hold on it, released when the session ends. */
const FORWARD_FIELD = '__eciForward';
const HOLDER_FIELD = '__eciForwardHolder';
/** How long a forward is held for a session that was resolved but has not started (its debugger failed first). */
const START_GRACE_MS = 60_000;
const PYTHON_DEBUGGER = 'ms-python.debugpy';

/**
 * Resolves a configuration of type `eci` into VS Code's own: the container's debugger port is forwarded
 * (src/vscode/ports/forwarded-ports.ts), then Node's `node` attach (js-debug, built into VS Code) or Python's
 * `debugpy` attach connects to the local end, with the workspace folder mapped to the container's folder so that
 * breakpoints set in the workspace bind in the container. The session holds the forward until it ends (or, if it
 * never starts, for a minute); the forward stops once nobody holds it (Forward a Port holds it too).
 */
export class ContainerDebugProvider implements vscode.DebugConfigurationProvider, vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[];
  /** Holds of sessions resolved but not started yet, each released if its session never starts. */
  private readonly waiting = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly services: ExtensionServices) {
    const holdOf = (session: vscode.DebugSession): { id: string; holder: string } | undefined => {
      const id: unknown = session.configuration[FORWARD_FIELD];
      const holder: unknown = session.configuration[HOLDER_FIELD];
      return typeof id === 'string' && typeof holder === 'string' ? { id, holder } : undefined;
    };
    this.subscriptions = [
      vscode.debug.onDidStartDebugSession((session) => {
        const hold = holdOf(session);
        if (hold === undefined) return;
        clearTimeout(this.waiting.get(hold.holder));
        this.waiting.delete(hold.holder);
      }),
      vscode.debug.onDidTerminateDebugSession((session) => {
        const hold = holdOf(session);
        if (hold !== undefined) void services.ports.release(hold.id, hold.holder);
      }),
    ];
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    for (const timer of this.waiting.values()) clearTimeout(timer);
    this.waiting.clear();
  }

  /**
   * In the first phase of resolution, not the one with variables substituted: VS Code runs the resolvers of the type
   * a configuration is changed to (js-debug's for `node`, which makes it `pwa-node`) only after this one. Variables
   * in the folders (`${workspaceFolder}`) are passed on as they are and substituted in Node's or Python's.
   */
  async resolveDebugConfiguration(
    folder: vscode.WorkspaceFolder | undefined,
    given: vscode.DebugConfiguration,
  ): Promise<vscode.DebugConfiguration | undefined> {
    const config = given as ContainerDebugConfiguration;
    try {
      return await this.resolve(folder, config);
    } catch (error) {
      const message = vscode.l10n.t('Could not attach "{0}": {1}', config.name, messageText(error));
      this.services.log.error(message);
      void vscode.window.showErrorMessage(message);
      return undefined;
    }
  }

  private async resolve(
    folder: vscode.WorkspaceFolder | undefined,
    config: ContainerDebugConfiguration,
  ): Promise<vscode.DebugConfiguration | undefined> {
    const runtime = config.runtime ?? 'node';
    if (runtime !== 'node' && runtime !== 'python')
      throw new Error(vscode.l10n.t('"runtime" is "node" or "python", not {0}.', JSON.stringify(runtime)));
    if (config.workload === undefined || config.workload === '')
      throw new Error(
        vscode.l10n.t('"workload" names the container group (or JD Cloud container) to attach to, by its ID.'),
      );
    if (runtime === 'python' && vscode.extensions.getExtension(PYTHON_DEBUGGER) === undefined) {
      const answer = await this.services.prompter.notify({
        severity: 'warning',
        message: vscode.l10n.t(
          'Attaching to Python needs the Python Debugger extension ({0}), which is not installed.',
          PYTHON_DEBUGGER,
        ),
        actions: [vscode.l10n.t('Show Extension')],
      });
      if (answer !== undefined) await vscode.commands.executeCommand('extension.open', PYTHON_DEBUGGER);
      return undefined;
    }
    const target = await this.target(config);
    const holder = `debug-${randomUUID()}`;
    const port = await this.services.ports.forward(
      target,
      config.port ?? DEFAULT_DEBUG_PORTS[runtime],
      undefined,
      holder,
    );
    this.waiting.set(
      holder,
      setTimeout(() => {
        this.waiting.delete(holder);
        void this.services.ports.release(port.id, holder);
      }, START_GRACE_MS),
    );
    const hold = { [FORWARD_FIELD]: port.id, [HOLDER_FIELD]: holder };
    const localRoot = config.localRoot ?? folder?.uri.fsPath;
    const remoteRoot = config.remoteRoot;
    const name = config.name;
    this.services.log.info(
      `Attaching ${runtime === 'node' ? "Node's" : "Python's"} debugger to ${port.label}:${port.remotePort} through 127.0.0.1:${port.localPort}`,
    );
    if (runtime === 'node')
      return {
        type: 'node',
        request: 'attach',
        name,
        address: '127.0.0.1',
        port: port.localPort,
        ...(localRoot === undefined || remoteRoot === undefined ? {} : { localRoot, remoteRoot }),
        skipFiles: ['<node_internals>/**'],
        ...hold,
      };
    return {
      type: 'debugpy',
      request: 'attach',
      name,
      connect: { host: '127.0.0.1', port: port.localPort },
      ...(localRoot === undefined || remoteRoot === undefined ? {} : { pathMappings: [{ localRoot, remoteRoot }] }),
      justMyCode: false,
      ...hold,
    };
  }

  /** The configuration's profile (by ID or name; the provider's active one when absent) and container. */
  private async target(config: ContainerDebugConfiguration): Promise<WorkloadTarget> {
    const profiles = this.services.profiles.all();
    const profile =
      config.profile === undefined
        ? this.services.profiles.active(config.provider ?? 'eci')
        : (profiles.find((p) => p.id === config.profile) ?? profiles.find((p) => p.name === config.profile));
    if (profile === undefined)
      throw new Error(
        config.profile === undefined
          ? vscode.l10n.t('There is no profile yet.')
          : vscode.l10n.t('There is no profile named "{0}".', config.profile),
      );
    const provider = providerFor(profile);
    const regionId = config.regionId ?? profile.regionId;
    const client = await this.services.clients.client(profile);
    const item = await provider.find(client, regionId, config.workload ?? '');
    if (item === undefined)
      throw new Error(
        provider.info.id === 'eci'
          ? vscode.l10n.t('No container group {0} in {1} ({2}).', config.workload ?? '', regionId, profile.name)
          : vscode.l10n.t('No container {0} in {1} ({2}).', config.workload ?? '', regionId, profile.name),
      );
    const ref = { profile, provider, regionId, item, container: config.container };
    const target = await workloadTarget(this.services, { workloadRef: () => ref }, false);
    if (target?.container === undefined) throw new Error(vscode.l10n.t('No container was chosen.'));
    return target;
  }
}
