import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export interface Recibida {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  json: any;
  firmaValida: boolean | null;
}

export type Modo =
  | { tipo: 'ok' }
  | { tipo: 'status'; status: number; retryAfter?: string }
  | { tipo: 'lento'; ms: number }
  /** A 200 whose body is `bytes` long, written as fast as the client reads it. */
  | { tipo: 'grande'; bytes: number };

/**
 * The other institution, as a real HTTP server on loopback: it records what it receives, checks
 * signatures when it knows the secret, and can be told to fail, answer slowly or refuse.
 */
export class InstitucionExterna {
  readonly recibidas: Recibida[] = [];
  modo: Modo = { tipo: 'ok' };
  secreto: string | null = null;
  /** Answer 401 to a request whose signature does not verify. */
  exigirFirma = false;
  /** Body bytes the client took of the last 'grande' answer before it stopped reading. */
  escritosGrande = 0;
  private server?: Server;
  private contador = 0;

  get url(): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  async iniciar(): Promise<this> {
    this.server = createServer((req, res) => {
      const partes: Buffer[] = [];
      req.on('data', (c: Buffer) => partes.push(c));
      req.on('end', () => {
        const body = Buffer.concat(partes).toString('utf8');
        const firmaValida = this.secreto ? verificar(this.secreto, req, body) : null;
        let json: any;
        try {
          json = body ? JSON.parse(body) : undefined;
        } catch {
          json = undefined;
        }
        this.recibidas.push({
          method: req.method ?? '',
          path: req.url ?? '',
          headers: req.headers,
          body,
          json,
          firmaValida,
        });
        if (this.exigirFirma && !firmaValida) return void res.writeHead(401).end('firma');
        const modo = this.modo;
        if (modo.tipo === 'status') {
          res.writeHead(modo.status, modo.retryAfter ? { 'retry-after': modo.retryAfter } : {});
          return void res.end('{"error":"falla simulada"}');
        }
        if (modo.tipo === 'grande') return void this.grande(res, modo.bytes);
        const responder = () => {
          if (res.destroyed) return;
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ id: `EXT-${++this.contador}` }));
        };
        if (modo.tipo === 'lento') setTimeout(responder, modo.ms).unref();
        else responder();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return this;
  }

  private grande(res: ServerResponse, bytes: number): void {
    this.escritosGrande = 0;
    const trozo = Buffer.alloc(64 * 1024, 0x61);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(bytes) });
    const escribir = () => {
      while (!res.destroyed && this.escritosGrande < bytes) {
        const n = Math.min(trozo.length, bytes - this.escritosGrande);
        this.escritosGrande += n;
        if (!res.write(trozo.subarray(0, n))) return void res.once('drain', escribir);
      }
      if (!res.destroyed) res.end();
    };
    escribir();
  }

  /** POSTs received for one document (sends carry it in the body). */
  envios(documentoId: string, campoId = 'id'): Recibida[] {
    return this.recibidas.filter((r) => r.method === 'POST' && r.json?.documento?.[campoId] === documentoId);
  }

  async cerrar(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** What a receiver does with our signature: recompute it over the request line and the body it got. */
function verificar(secreto: string, req: IncomingMessage, body: string): boolean {
  const ts = req.headers['x-mesa-timestamp'];
  const firma = req.headers['x-mesa-firma'];
  if (typeof ts !== 'string' || typeof firma !== 'string') return false;
  if (Math.abs(Date.now() / 1000 - Number(ts)) > 300) return false;
  const base = `${ts}.${req.method}.${req.url}.${body}`;
  const esperada = Buffer.from(`sha256=${createHmac('sha256', secreto).update(base).digest('hex')}`);
  const dada = Buffer.from(firma);
  return esperada.length === dada.length && timingSafeEqual(esperada, dada);
}

type Cumplido<T> = Exclude<T, false | null | undefined | 0 | ''>;

/** Polls until `fn` answers something truthy and not an empty array (or fails the test after `timeoutMs`). */
export async function esperar<T>(fn: () => Promise<T> | T, timeoutMs = 20_000, pausaMs = 100): Promise<Cumplido<T>> {
  const limite = Date.now() + timeoutMs;
  let ultimo: T | undefined;
  while (Date.now() < limite) {
    ultimo = await fn();
    if (ultimo && !(Array.isArray(ultimo) && ultimo.length === 0)) return ultimo as Cumplido<T>;
    await new Promise((r) => setTimeout(r, pausaMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(ultimo)}`);
}
