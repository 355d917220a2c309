import { createServer } from 'node:net';
import { PortForward } from '../../core/port-forward';
import type { ExtensionServices } from '../services';
import * as vscode from '../vscode-api';
import type { WorkloadTarget } from '../commands/workload-target';
import { targetLabel } from '../commands/workload-target';

/** One port forwarded to a container: what the Forwarded Ports view shows and Stop stops. */
export interface ForwardedPort {
  /** "<profile ID>/<workload ID>/<container>:<remote port>": one forward of a container's port at a time. */
  readonly id: string;
  readonly profileId: string;
  /** "web-1/nginx", as terminals name it. */
  readonly label: string;
  readonly remotePort: number;
  readonly localPort: number;
  /** The relay program the container runs ("socat", "python3"). */
  readonly relay: string;
  /** Connections being relayed now. */
  readonly connections: () => number;
}

/**
 * The ports forwarded to containers in this window (src/core/port-forward.ts: a listener on 127.0.0.1 whose every
 * connection runs a relay in the container over exec), for every provider. Forwarding a port that is forwarded
 * already gives the same forward; each stops on Stop, when its profile is removed, or when the window closes. The
 * context key `eci.hasForwardedPorts` shows the Forwarded Ports view while there is one.
 */
export class ForwardedPorts implements vscode.Disposable {
  private readonly forwards = new Map<string, { readonly port: ForwardedPort; readonly forward: PortForward }>();
  private readonly starting = new Map<string, Promise<ForwardedPort>>();
  /**
   * Who holds each forward: `user` (Forward a Port) or a debug session's token. A session that ends releases its
   * hold; the forward stops when nobody holds it, so a session does not stop a forward someone else asked for.
   */
  private readonly holders = new Map<string, Set<string>>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly services: Pick<ExtensionServices, 'clients' | 'log' | 'profiles'>) {
    // A removed profile's forwards go with it: their connections would fail from now on anyway.
    this.subscription = services.profiles.onDidChange(() => {
      const ids = new Set(services.profiles.all().map((p) => p.id));
      for (const { port } of this.forwards.values()) if (!ids.has(port.profileId)) void this.stop(port.id);
    });
  }

  all(): ForwardedPort[] {
    return [...this.forwards.values()].map((entry) => entry.port);
  }

  /**
   * Forwards `remotePort` of the target's container to `localPort` of 127.0.0.1: the same number when it is free
   * and none is asked for, else a free one. Fails with a clear message when the container has no relay program or
   * the local port asked for is taken.
   */
  async forward(
    target: WorkloadTarget,
    remotePort: number,
    localPort?: number,
    holder = 'user',
  ): Promise<ForwardedPort> {
    const port = await this.forwardFor(target, remotePort, localPort);
    const holders = this.holders.get(port.id) ?? new Set<string>();
    holders.add(holder);
    this.holders.set(port.id, holders);
    return port;
  }

  /** Gives up `holder`'s hold on a forward, which stops once nobody holds it. */
  async release(id: string, holder: string): Promise<void> {
    const holders = this.holders.get(id);
    if (holders === undefined) return;
    holders.delete(holder);
    if (holders.size === 0) await this.stop(id);
  }

  private async forwardFor(target: WorkloadTarget, remotePort: number, localPort?: number): Promise<ForwardedPort> {
    const container = target.container ?? target.workload.containers[0] ?? '';
    const id = `${target.profile.id}/${target.workload.id}/${container}:${remotePort}`;
    const existing = this.forwards.get(id);
    if (existing !== undefined && (localPort === undefined || localPort === existing.port.localPort))
      return existing.port;
    // Two asks at once (a double click, Attach Debugger beside Forward a Port) share one start: two listeners for
    // one ID would leave one that nothing can stop.
    const starting = this.starting.get(id);
    if (starting !== undefined && localPort === undefined) return starting;
    const started = this.start(id, target, container, remotePort, localPort).finally(() => this.starting.delete(id));
    this.starting.set(id, started);
    return started;
  }

  private async start(
    id: string,
    target: WorkloadTarget,
    container: string,
    remotePort: number,
    localPort: number | undefined,
  ): Promise<ForwardedPort> {
    const label = targetLabel({ ...target, container });
    const profileId = target.profile.id;
    const backend = target.provider.execBackend(
      // The profile as it is now, at each connection (a re-import may have changed where its keys come from).
      () => {
        const profile = this.services.profiles.all().find((p) => p.id === profileId);
        if (profile === undefined)
          return Promise.reject(new Error(vscode.l10n.t('The profile of {0} was removed.', label)));
        return this.services.clients.client(profile);
      },
      target.regionId,
      target.item,
      container,
    );
    const options = {
      backend,
      remotePort,
      onConnectionError: (message: string) => this.services.log.info(`Port forward ${label}:${remotePort}: ${message}`),
    };
    let forward: PortForward;
    if (localPort !== undefined) forward = await PortForward.start({ ...options, localPort });
    else {
      // The same number when it is free; if it is taken meanwhile (the container was asked first), any free one.
      const same = (await isFree(remotePort)) ? remotePort : 0;
      forward = await PortForward.start({ ...options, localPort: same }).catch((error: unknown) => {
        if (same === 0 || !(error instanceof Error) || !/is in use|Could not listen/.test(error.message)) throw error;
        return PortForward.start({ ...options, localPort: 0 });
      });
    }
    const existing = this.forwards.get(id);
    if (existing !== undefined) await this.stop(id);
    const port: ForwardedPort = {
      id,
      profileId,
      label,
      remotePort,
      localPort: forward.localPort,
      relay: forward.relay.name,
      connections: () => forward.connections,
    };
    this.forwards.set(id, { port, forward });
    this.services.log.info(`Forwarding ${forward.description}`);
    this.changedNow();
    return port;
  }

  /** Stops a forward: its listener and every connection with its relay. False when there was none of that ID. */
  async stop(id: string): Promise<boolean> {
    const entry = this.forwards.get(id);
    if (entry === undefined) return false;
    this.forwards.delete(id);
    this.holders.delete(id);
    this.changedNow();
    await entry.forward.stop();
    this.services.log.info(`Stopped forwarding ${entry.port.label}:${entry.port.remotePort}`);
    return true;
  }

  dispose(): void {
    this.subscription.dispose();
    for (const { forward } of this.forwards.values()) void forward.stop();
    this.forwards.clear();
    this.holders.clear();
    this.changed.dispose();
  }

  private changedNow(): void {
    void vscode.commands.executeCommand('setContext', 'eci.hasForwardedPorts', this.forwards.size > 0);
    this.changed.fire();
  }
}

/** Whether a port of 127.0.0.1 can be listened on now (a privileged or taken one cannot). */
function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
