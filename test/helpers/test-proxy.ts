import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as net from 'node:net';

/** One connection the proxy carried: a CONNECT tunnel or a request in absolute form. */
export interface ProxiedConnection {
  readonly kind: 'tunnel' | 'forward';
  /** `host:port` of a tunnel; the URL of a forwarded request. */
  readonly target: string;
  /** The Proxy-Authorization header the client sent. */
  readonly authorization: string | undefined;
  /** The first line sent through it (a tunnel to a plain-HTTP server shows its request: `GET /exec/?s=… HTTP/1.1`). */
  firstLine: string | undefined;
}

export interface TestProxyOptions {
  /** The Proxy-Authorization header required; without it (or with another) the proxy answers 407. */
  readonly authorization?: string | undefined;
  /** Answer every CONNECT with this status instead of opening the tunnel (403: a target the proxy forbids). */
  readonly refuseWith?: number | undefined;
  /** Answer every CONNECT with 200 and then carry nothing: a proxy that hangs after saying yes. */
  readonly silentAfterConnect?: boolean | undefined;
}

/**
 * A real HTTP proxy on a free loopback port, as corporate proxies are: CONNECT tunnels (what HTTPS and WebSocket
 * clients use) and requests in absolute form (`GET http://host/path`), with Basic authorization when asked for. It
 * records each connection it carried, so that a test can check what went through it.
 */
export class TestProxy {
  readonly connections: ProxiedConnection[] = [];
  /** The target of every CONNECT asked for, `host:port`, also those refused: where clients wanted to go. */
  readonly asked: string[] = [];
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly server: http.Server,
    private readonly options: TestProxyOptions,
  ) {}

  static async start(options: TestProxyOptions = {}): Promise<TestProxy> {
    const server = http.createServer();
    const proxy = new TestProxy(server, options);
    server.on('connect', (request: http.IncomingMessage, socket: net.Socket, head: Buffer) =>
      proxy.tunnel(request, socket, head),
    );
    server.on('request', (request: http.IncomingMessage, response: http.ServerResponse) =>
      proxy.forward(request, response),
    );
    server.on('connection', (socket: net.Socket) => proxy.track(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  /** The address of a proxy that refuses connections: a port that was just free, where nothing listens. */
  static async refusingUrl(): Promise<string> {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    return `http://127.0.0.1:${port}`;
  }

  /** `http://127.0.0.1:<port>` */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The tunnels whose first line matches, e.g. /^GET \/exec\// for ECI's exec socket. */
  tunnels(firstLine?: RegExp): ProxiedConnection[] {
    return this.connections.filter(
      (c) => c.kind === 'tunnel' && (firstLine === undefined || firstLine.test(c.firstLine ?? '')),
    );
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private track(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }

  private authorized(request: http.IncomingMessage): boolean {
    return (
      this.options.authorization === undefined || request.headers['proxy-authorization'] === this.options.authorization
    );
  }

  private tunnel(request: http.IncomingMessage, client: net.Socket, head: Buffer): void {
    const target = request.url ?? '';
    this.asked.push(target);
    if (!this.authorized(request)) {
      client.end(
        'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n',
      );
      return;
    }
    if (this.options.refuseWith !== undefined) {
      client.end(`HTTP/1.1 ${this.options.refuseWith} Refused\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    if (this.options.silentAfterConnect === true) {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      return;
    }
    const record: ProxiedConnection = {
      kind: 'tunnel',
      target,
      authorization: request.headers['proxy-authorization'],
      firstLine: undefined,
    };
    this.connections.push(record);
    const [host, port] = splitHostPort(target);
    const upstream = net.connect({ host, port });
    this.track(upstream);
    upstream.once('connect', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      client.on('data', (chunk: Buffer) => {
        record.firstLine ??= chunk.toString('latin1').split('\r\n')[0];
      });
      client.pipe(upstream);
      upstream.pipe(client);
    });
    let connected = false;
    upstream.once('connect', () => (connected = true));
    upstream.once('error', () =>
      connected ? client.destroy() : client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n'),
    );
    // An end is passed on by the pipes, after what was sent before it; only a failure cuts the other side at once.
    client.once('error', () => upstream.destroy());
  }

  private forward(request: http.IncomingMessage, response: http.ServerResponse): void {
    const target = request.url ?? '';
    if (!/^http:\/\//.test(target)) {
      response.writeHead(400).end('a proxy takes requests in absolute form');
      return;
    }
    if (!this.authorized(request)) {
      response.writeHead(407, { 'proxy-authenticate': 'Basic realm="test"' }).end();
      return;
    }
    this.connections.push({
      kind: 'forward',
      target,
      authorization: request.headers['proxy-authorization'],
      firstLine: `${request.method ?? 'GET'} ${target}`,
    });
    const headers = { ...request.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const upstream = http.request(target, { method: request.method, headers, agent: false }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    upstream.once('error', () => response.writeHead(502).end());
    request.pipe(upstream);
  }
}

function splitHostPort(target: string): [string, number] {
  const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(target);
  return match === null ? [target, 443] : [match[1] ?? '', Number(match[2])];
}

/** The Basic Proxy-Authorization of a user name and password. */
export function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}
