// Two loopback TCP servers in their own process, for the port-forward benchmark: on the first port every connection
// gets argv[2] bytes and is ended; the second echoes what it reads. Prints both ports on stdout.
import { createServer } from 'node:net';

const total = Number(process.argv[2] ?? 0);
const block = Buffer.alloc(64 * 1024, 0x5a);
const source = createServer((socket) => {
  socket.on('error', () => undefined);
  let left = total;
  const more = () => {
    while (left > 0) {
      const piece = left >= block.length ? block : block.subarray(0, left);
      left -= piece.length;
      if (!socket.write(piece)) return socket.once('drain', more);
    }
    socket.end();
  };
  more();
});
const echo = createServer((socket) => {
  socket.on('error', () => undefined);
  socket.setNoDelay(true);
  socket.pipe(socket);
});
source.listen(0, '127.0.0.1', () =>
  echo.listen(0, '127.0.0.1', () => process.stdout.write(`${source.address().port} ${echo.address().port}\n`)),
);
process.on('disconnect', () => process.exit(0));
