import { PortForward } from '../core/port-forward';
import { commandLocale, parseArgs, usageFailure, UsageError } from './args';
import type { CloudTarget } from './cloud-options';
import { findWorkload, providerOption, openCloudTarget, SHARED_HELP, WORKLOAD_VALUE_OPTIONS } from './cloud-options';
import { reportFailure } from './logs-command';
import { shortQuote } from './text';
import type { TerminalIO } from './terminal-io';
import { message, say } from '../core/messages/messages';

export const PORT_FORWARD_USAGE = message('cli.usage.portForward', SHARED_HELP);

const PORT_PAIR = /^(?:(\d{0,5}):)?(\d{1,5})$/;

export async function runPortForward(argv: readonly string[], io: TerminalIO): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  const pairs: { local: number; remote: number }[] = [];
  const names: string[] = [];
  const locale = commandLocale(argv, io.env);
  try {
    parsed = parseArgs(argv, [...WORKLOAD_VALUE_OPTIONS, 'address'], ['help']);
    if (parsed.flags.has('help')) {
      io.stdout(say(PORT_FORWARD_USAGE, locale) + '\n');
      return 0;
    }
    providerOption(parsed);
    // The group first (a name may be all digits), then the container unless it is a port, then the ports.
    const [group, ...rest] = parsed.positionals;
    if (group === undefined) throw new UsageError(message('cli.missingGroup'));
    names.push(group);
    if (rest[0] !== undefined && !PORT_PAIR.test(rest[0])) names.push(rest.shift() ?? '');
    for (const arg of rest) {
      const match = PORT_PAIR.exec(arg);
      if (match === null) throw new UsageError(message('cli.portForward.notPort', { value: shortQuote(arg) }));
      const remote = Number(match[2]);
      // "80" is 80:80, ":80" takes a free local port.
      const local = match[1] === undefined ? remote : match[1] === '' ? 0 : Number(match[1]);
      if (remote < 1 || remote > 65_535 || local > 65_535)
        throw new UsageError(message('cli.portForward.range', { value: shortQuote(arg) }));
      pairs.push({ local, remote });
    }
    if (pairs.length === 0) throw new UsageError(message('cli.portForward.missingPorts'));
  } catch (error) {
    if (error instanceof UsageError) return usageFailure(io.stderr, 'port-forward', error, locale);
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
        onConnectionError: (_english, said) => io.stderr(`eci port-forward: ${say(said, locale)}\n`),
        // Found once for the container, whatever the number of ports.
        relay: forwards[0]?.relay,
      });
      forwards.push(forward);
      io.stdout(`${say(message('cli.portForward.forwarding', { description: forward.description }), locale)}\n`);
    }
    io.stdout(`${say(message('cli.portForward.pressCtrlC'), locale)}\n`);
    await stopped;
    return 0;
  } catch (error) {
    return reportFailure(io, 'port-forward', error, target, locale);
  } finally {
    await Promise.all(forwards.map((forward) => forward.stop()));
    await target?.close();
  }
}
