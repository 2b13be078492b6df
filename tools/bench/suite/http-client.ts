import { Agent, request } from 'node:http';

export interface HttpRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  /** Sent as JSON. */
  json?: unknown;
}

export interface HttpAnswer {
  status: number;
  /** The body, when asked for; otherwise it is read and dropped. */
  body?: Buffer;
  bytes: number;
}

/** Keep-alive HTTP/1.1 client of one server, the load generator's only way to talk to it. */
export class HttpClient {
  private readonly agent: Agent;
  private readonly host: string;
  private readonly port: number;

  constructor(
    baseUrl: string,
    maxSockets = 256,
    private readonly timeoutMs = 30_000,
  ) {
    const url = new URL(baseUrl);
    this.host = url.hostname;
    this.port = Number(url.port || 80);
    this.agent = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets, scheduling: 'fifo' });
  }

  send(req: HttpRequest, keepBody = false): Promise<HttpAnswer> {
    const body = req.json === undefined ? undefined : Buffer.from(JSON.stringify(req.json));
    const headers: Record<string, string | number> = { ...req.headers };
    if (body) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = body.length;
    }
    return new Promise((resolve, reject) => {
      const r = request(
        {
          agent: this.agent,
          host: this.host,
          port: this.port,
          method: req.method ?? 'GET',
          path: req.path,
          headers,
          timeout: this.timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let bytes = 0;
          res.on('data', (chunk: Buffer) => {
            bytes += chunk.length;
            if (keepBody) chunks.push(chunk);
          });
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, bytes, ...(keepBody ? { body: Buffer.concat(chunks) } : {}) }),
          );
          res.on('error', reject);
        },
      );
      r.on('timeout', () => r.destroy(new Error(`timeout after ${this.timeoutMs} ms`)));
      r.on('error', reject);
      r.end(body);
    });
  }

  /** Sends and parses a JSON answer; throws with the status and body when it is not `expected`. */
  async json<T>(req: HttpRequest, expected: number[] = [200, 201, 202]): Promise<T> {
    const answer = await this.send(req, true);
    const text = answer.body?.toString('utf8') ?? '';
    if (!expected.includes(answer.status))
      throw new HttpStatusError(answer.status, text, `${req.method ?? 'GET'} ${req.path}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  close(): void {
    this.agent.destroy();
  }
}

export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    what: string,
  ) {
    super(`${what} answered ${status}: ${body.slice(0, 300)}`);
  }

  /** The route is not there yet (404 from the router) or not implemented (501). */
  get routeMissing(): boolean {
    return (
      this.status === 501 ||
      (this.status === 404 && /ROUTE_NOT_FOUND|Cannot (GET|POST|PUT|PATCH|DELETE)/.test(this.body))
    );
  }
}
