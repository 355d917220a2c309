import * as vscode from '../vscode-api';
import type { ForwardedPort } from '../ports/forwarded-ports';
import type { ExtensionServices } from '../services';
import { forwardPortOptionsArg } from './command-args';
import { pickWorkload } from './workload-pick';
import { workloadTarget } from './workload-target';

/**
 * ECI: Forward a Port — a port of a running container (either provider) on 127.0.0.1 of this machine: every
 * connection runs a relay in the container over exec (neither cloud has a port-forward API). Asks the container's
 * port (the local one is the same when it is free, else any free one); the forward shows in the Forwarded Ports
 * view until Stop. Returns the forward (for tests). `{ remotePort, localPort }` as the second argument asks nothing.
 */
export async function forwardPort(
  services: ExtensionServices,
  given?: unknown,
  options?: unknown,
): Promise<ForwardedPort | undefined> {
  const preset = forwardPortOptionsArg(options);
  const arg = given ?? (await pickWorkload(services, vscode.l10n.t('Forward a Port of'), true));
  if (arg === undefined) return undefined;
  const target = await workloadTarget(services, arg, false);
  if (target?.container === undefined) return undefined;
  const remotePort =
    preset.remotePort ??
    (await services.prompter
      .input({
        title: vscode.l10n.t('Forward a port of {0}/{1}', target.workload.name, target.container),
        prompt: vscode.l10n.t('The port a program listens on in the container (on its loopback or any address)'),
        placeHolder: '8080',
        ignoreFocusOut: true,
        validateInput: (v) =>
          portNumber(v) === undefined ? vscode.l10n.t('A port is a whole number from 1 to 65535') : undefined,
      })
      .then((text) => (text === undefined ? undefined : portNumber(text))));
  if (remotePort === undefined) return undefined;
  const port = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('Forwarding port {0} of {1}', remotePort, target.container),
    },
    () => services.ports.forward(target, remotePort, preset.localPort),
  );
  const openInBrowser = vscode.l10n.t('Open in Browser');
  void services.prompter
    .notify({
      severity: 'info',
      message: vscode.l10n.t(
        'Port {0} of {1} is on 127.0.0.1:{2} (relayed by {3} in the container).',
        remotePort,
        port.label,
        port.localPort,
        port.relay,
      ),
      actions: [openInBrowser],
    })
    .then((answer) =>
      answer === openInBrowser ? vscode.commands.executeCommand('eci.openForwardedPort', port) : undefined,
    );
  return port;
}

function portNumber(text: string): number | undefined {
  const value = Number(text.trim());
  return /^\d+$/.test(text.trim()) && value >= 1 && value <= 65_535 ? value : undefined;
}
