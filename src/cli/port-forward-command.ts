import { PortForward } from '../core/port-forward';
import { parseArgs, usageFailure, UsageError } from './args';
import type { CloudTarget } from './cloud-options';
import {
  findWorkload,
  providerOption,
  NETWORK_ENV_HELP,
  openCloudTarget,
  WORKLOAD_OPTIONS_HELP,
  WORKLOAD_VALUE_OPTIONS,
} from './cloud-options';
import { reportFailure } from './logs-command';
import { shortQuote } from './text';
import type { TerminalIO } from './terminal-io';

export const PORT_FORWARD_USAGE = `Usage: eci port-forward <group> [container] [LOCAL:]REMOTE ... [options]

Forwards local ports to ports of a container (of a container group, or a JD Cloud container with --provider
jdcloud) until Ctrl-C. ECI and JD Cloud have no port-forward API: each connection runs a relay program in the
container through exec (the first it has of socat, nc, bash, python3, python, node, busybox nc), which connects to
REMOTE on the container's own loopback. LOCAL is on 127.0.0.1; 0 or none takes a free port. Examples:
  eci port-forward web 8080:80        127.0.0.1:8080 to port 80 of web's one container
  eci port-forward web app :5432      a free local port to port 5432 of the container app

Options:
  --address <ip>       the local address to listen on (default 127.0.0.1)
${WORKLOAD_OPTIONS_HELP}

${NETWORK_ENV_HELP}

Exit status: 0 when stopped with Ctrl-C, 1 when the ports could not be forwarded (no relay program in the
container, a local port in use, an API or network error), 2 on bad usage.`;

const PORT_PAIR = /^(?:(\d{0,5}):)?(\d{1,5})$/;

export async function runPortForward(argv: readonly string[], io: TerminalIO): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  const pairs: { local: number; remote: number }[] = [];
  const names: string[] = [];
  try {
    parsed = parseArgs(argv, [...WORKLOAD_VALUE_OPTIONS, 'address'], ['help']);
    if (parsed.flags.has('help')) {
      io.stdout(PORT_FORWARD_USAGE + '\n');
      return 0;
    }
    providerOption(parsed);
    // The group first (a name may be all digits), then the container unless it is a port, then the ports.
    const [group, ...rest] = parsed.positionals;
    if (group === undefined) throw new UsageError('Missing the group.');
    names.push(group);
    if (rest[0] !== undefined && !PORT_PAIR.test(rest[0])) names.push(rest.shift() ?? '');
    for (const arg of rest) {
      const match = PORT_PAIR.exec(arg);
      if (match === null) throw new UsageError(`${shortQuote(arg)} is not a port or LOCAL:REMOTE.`);
      const remote = Number(match[2]);
      // "80" is 80:80, ":80" takes a free local port.
      const local = match[1] === undefined ? remote : match[1] === '' ? 0 : Number(match[1]);
      if (remote < 1 || remote > 65_535 || local > 65_535)
        throw new UsageError(`${shortQuote(arg)}: ports are from 1 to 65535 (0 locally for a free one).`);
      pairs.push({ local, remote });
    }
    if (pairs.length === 0) throw new UsageError('Missing the ports: LOCAL:REMOTE, as in 8080:80.');
  } catch (error) {
    if (error instanceof UsageError) return usageFailure(io.stderr, 'port-forward', error.message);
    throw error;
  }
  const [ref = '', containerName] = names;
  let target: CloudTarget | undefined;
  const forwards: PortForward[] = [];
  try {
    target = await openCloudTarget(parsed, io.env);
    const client = target.client;
    const { item, container } = await findWorkload(target, ref, containerName);
    const backend = target.provider.execBackend(() => Promise.resolve(client), target.regionId, item, container);
    const stopped = new Promise<void>((resolve) => {
      const stopListening = io.onInterrupt(() => {
        stopListening();
        resolve();
      });
    });
    for (const pair of pairs) {
      const forward = await PortForward.start({
        backend,
        remotePort: pair.remote,
        localPort: pair.local,
        localHost: parsed.options.get('address'),
        onConnectionError: (message) => io.stderr(`eci port-forward: ${message}\n`),
        // Found once for the container, whatever the number of ports.
        relay: forwards[0]?.relay,
      });
      forwards.push(forward);
      io.stdout(`Forwarding ${forward.description}\n`);
    }
    io.stdout('Press Ctrl-C to stop.\n');
    await stopped;
    return 0;
  } catch (error) {
    return reportFailure(io, 'port-forward', error, target);
  } finally {
    await Promise.all(forwards.map((forward) => forward.stop()));
    await target?.close();
  }
}
