import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

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
 * error-mapping tests (until the ECI emulator exists, this is the other end of the wire).
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
