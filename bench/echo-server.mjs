// A loopback HTTP server in its own process, answering every request with a small ECI-shaped JSON body, so that
// the client under test and the server do not share one core's event loop. Prints its port on stdout.
import { createServer } from 'node:http';

const body = JSON.stringify({
  RequestId: '0E234675-3465-4CC3-9D0F-9A864BC391DD',
  Regions: [
    {
      RegionId: 'cn-hangzhou',
      RegionEndpoint: 'eci.cn-hangzhou.aliyuncs.com',
      Zones: ['cn-hangzhou-h', 'cn-hangzhou-i'],
    },
  ],
});
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
process.on('disconnect', () => process.exit(0));
