import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo, Server as NetServer, Socket } from 'node:net';
import { createServer as createNetServer } from 'node:net';

/** One request as the server saw it. */
export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** Query-string and form-body parameters merged, decoded. */
  readonly params: Record<string, string>;
  readonly remotePort: number | undefined;
}

export type Handler = (request: SeenRequest, response: ServerResponse, socket: Socket) => void | Promise<void>;

/**
 * A real HTTP server on 127.0.0.1 whose answers a test scripts one by one, for the client's retry, timeout and
 * error-mapping tests, and for the hostile servers of test/unit/hostile-servers.test.ts: answers the emulator never
 * gives.
 */
export class ScriptedServer {
  readonly requests: SeenRequest[] = [];
  private readonly handlers: Handler[] = [];
  private fallback: Handler = (_request, response) => json(response, 200, { RequestId: 'fallback' });
  private readonly server = createServer((req, res) => void this.handle(req, res));
  private readonly sockets = new Set<Socket>();

  static async start(): Promise<ScriptedServer> {
    const server = new ScriptedServer();
    server.server.on('connection', (socket) => {
      server.sockets.add(socket);
      socket.on('close', () => server.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.server.listen(0, '127.0.0.1', resolve));
    return server;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Answers the next requests with these handlers, in order; afterwards the fallback answers. */
  queue(...handlers: Handler[]): this {
    this.handlers.push(...handlers);
    return this;
  }

  otherwise(handler: Handler): this {
    this.fallback = handler;
    return this;
  }

  /** How many TCP connections are open right now. */
  get openConnections(): number {
    return this.sockets.size;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const params: Record<string, string> = {};
    for (const [key, value] of url.searchParams) params[key] = value;
    if ((req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) {
      for (const [key, value] of new URLSearchParams(body)) params[key] = value;
    }
    const seen: SeenRequest = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      body,
      params,
      remotePort: req.socket.remotePort,
    };
    this.requests.push(seen);
    const handler = this.handlers.shift() ?? this.fallback;
    await handler(seen, res, req.socket);
  }
}

export function json(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

export function apiError(
  status: number,
  code: string,
  message = `${code} happened`,
  headers: Record<string, string> = {},
): Handler {
  return (_request, response) =>
    json(
      response,
      status,
      {
        RequestId: `req-${code}`,
        HostId: 'eci.test',
        Code: code,
        Message: message,
        Recommend: `https://api.test/troubleshoot?q=${code}`,
      },
      headers,
    );
}

export function ok(body: Record<string, unknown> = {}): Handler {
  return (_request, response) => json(response, 200, { RequestId: 'req-ok', ...body });
}

/** Drops the connection without answering. */
export const dropConnection: Handler = (_request, _response, socket) => {
  socket.destroy();
};

/** Headers at once, then one byte every `everyMs`, never the end: a server that trickles. */
export const trickle =
  (everyMs = 1000): Handler =>
  (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.write('{');
    const timer = setInterval(() => response.write(' '), everyMs);
    response.on('close', () => clearInterval(timer));
  };

/** A body of `total` bytes (no Content-Length), written as fast as the client takes it; counts what went out. */
export function hugeAnswer(total: number, sent: { bytes: number }): Handler {
  return (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    let closed = false;
    response.on('close', () => (closed = true));
    const pump = (): void => {
      while (!closed && sent.bytes < total) {
        sent.bytes += chunk.length;
        if (!response.write(chunk)) {
          response.once('drain', pump);
          return;
        }
      }
      if (!closed) response.end();
    };
    pump();
  };
}

/** The highest resident memory above the start while `work` runs (sampled every 5 ms, and at the end). */
export async function peakGrowth(work: () => Promise<unknown>): Promise<number> {
  const base = process.memoryUsage().rss;
  let peak = base;
  const sample = (): void => {
    peak = Math.max(peak, process.memoryUsage().rss);
  };
  const sampler = setInterval(sample, 5);
  try {
    await work();
  } finally {
    clearInterval(sampler);
    sample();
  }
  return peak - base;
}

/** Reads the request and never answers: the connection stays open and silent. */
export const neverAnswer: Handler = () => undefined;

/** A body that never ends (no Content-Length), written as fast as the client takes it; counts what went out. */
export function endlessAnswer(sent: { bytes: number }): Handler {
  return hugeAnswer(Infinity, sent);
}

/**
 * An answer that announces `length` bytes in its Content-Length and then sends them as fast as the client takes
 * them; counts what went out. A client that believes the header can refuse it before reading a byte of the body.
 */
export function announcedAnswer(length: number, sent: { bytes: number }): Handler {
  return (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(length) });
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    let closed = false;
    response.on('close', () => (closed = true));
    const pump = (): void => {
      while (!closed && sent.bytes < length) {
        const part = sent.bytes + chunk.length <= length ? chunk : chunk.subarray(0, length - sent.bytes);
        sent.bytes += part.length;
        if (!response.write(part)) {
          response.once('drain', pump);
          return;
        }
      }
      if (!closed) response.end();
    };
    pump();
  };
}

/** An answer whose headers total about `bytes` (in headers of 8 KiB), with a small JSON body after them. */
export function hugeHeaders(bytes: number, body: unknown = { RequestId: 'huge-headers' }): Handler {
  return (_request, response) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    for (let i = 0; i * 8192 < bytes; i++) headers[`x-padding-${i}`] = 'a'.repeat(8192);
    response.writeHead(200, headers);
    response.end(JSON.stringify(body));
  };
}

/**
 * Announces a body of `length` bytes, sends the first `partial` of them, then resets the connection (a TCP RST, as a
 * crashing server or a middlebox does), mid-body.
 */
export function resetMidBody(length = 10_000, partial = 100): Handler {
  return (_request, response, socket) => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(length) });
    response.write(`{"RequestId":"${'x'.repeat(Math.max(0, partial - 15))}`, () => socket.resetAndDestroy());
  };
}

/** Any status, body and headers, as given. */
export function rawAnswer(
  status: number,
  body: string,
  headers: Record<string, string> = { 'content-type': 'text/html' },
): Handler {
  return (_request, response) => {
    response.writeHead(status, headers);
    response.end(body);
  };
}

/**
 * A TCP server on 127.0.0.1 that speaks no HTTP: each connection is handed to `onConnection` (which may write
 * anything, or nothing at all), for the failures below HTTP: a connection accepted and never answered, a server of
 * another protocol.
 */
export class RawTcpServer {
  private readonly sockets = new Set<Socket>();
  private accepted = 0;
  private constructor(private readonly server: NetServer) {}

  static async start(onConnection: (socket: Socket) => void = () => undefined): Promise<RawTcpServer> {
    const raw = new RawTcpServer(
      createNetServer((socket) => {
        raw.accepted++;
        raw.sockets.add(socket);
        socket.on('close', () => raw.sockets.delete(socket));
        socket.on('error', () => undefined); // the client resets when it gives up: nothing to report
        onConnection(socket);
      }),
    );
    await new Promise<void>((resolve) => raw.server.listen(0, '127.0.0.1', resolve));
    return raw;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Connections accepted so far. */
  get connections(): number {
    return this.accepted;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
