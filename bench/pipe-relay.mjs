// The port-forward benchmark's bound: a plain stand-in for the emulator's exec channel. Every connection runs the
// relay command given as JSON in argv[2] (as a container would for a forward) and pipes the relay's output to the
// connection: no WebSocket, no framing, nothing of the extension's. Prints its port on stdout.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

const [command, ...args] = JSON.parse(process.argv[2] ?? '[]');
const server = createServer((socket) => {
  socket.on('error', () => undefined);
  const relay = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  relay.stdin.on('error', () => undefined);
  // Both ways, as a forward's exec session: the relay's input ends when the connection's does.
  socket.pipe(relay.stdin);
  relay.stdout.pipe(socket);
  socket.on('close', () => relay.kill());
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
process.on('disconnect', () => process.exit(0));
