import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Credenciales, FirmaHeaders, TipoAutenticacion } from '@mesa/shared/contracts';
import { firmar } from '../seguridad/firma';
import { DestinoNoPermitido, PoliticaRed } from './politica-red';

/** Where and how to call the other system; secrets already opened, kept in memory only. */
export interface Destino {
  url: string;
  tipoAutenticacion: TipoAutenticacion;
  credenciales: Credenciales | null;
  webhookSecret: string | null;
  timeoutMs: number;
}

/** What became of a call, coarsely: enough to decide, log and retry, nothing of the other side's words. */
type Desenlace = 'respuesta' | 'tiempo' | 'conexion' | 'bloqueado';

export interface Respuesta {
  ok: boolean;
  desenlace: Desenlace;
  /** HTTP status, or null when nothing came back (timeout, connection refused, refused by policy). */
  codigo: number | null;
  tiempoMs: number;
  /**
   * Why it failed, for the sync log: the status, or a fixed reason. Never the other system's
   * body (it may hold anyone's data) nor the network error's code (it maps ports).
   */
  error: string | null;
  /** Worth retrying: no answer, 408, 425, 429 or 5xx. Other 4xx, and the policy's refusal, will not change by retrying. */
  reintentable: boolean;
  /** From a 429/503 Retry-After header. */
  retryAfterMs: number | null;
  /** Their id for what we sent, when their JSON answer has `id` or `idExterno`. */
  idExterno: string | null;
}

/** Of an answer only this much is read (their id is all we take from it); the rest is not downloaded. */
export const MAX_RESPUESTA_BYTES = 64 * 1024;

function cabecerasAutenticacion(tipo: TipoAutenticacion, c: Credenciales | null): Record<string, string> {
  if (!c || tipo === TipoAutenticacion.NONE) return {};
  if (tipo === TipoAutenticacion.API_KEY && 'apiKey' in c) return { [FirmaHeaders.API_KEY]: c.apiKey };
  if (tipo === TipoAutenticacion.BEARER && 'token' in c) return { authorization: `Bearer ${c.token}` };
  if (tipo === TipoAutenticacion.BASIC && 'usuario' in c) {
    return { authorization: `Basic ${Buffer.from(`${c.usuario}:${c.clave}`).toString('base64')}` };
  }
  return {};
}

function retryAfterMs(valor: string | null): number | null {
  if (!valor) return null;
  if (/^\d+$/.test(valor)) return Number(valor) * 1000;
  const fecha = Date.parse(valor);
  return Number.isNaN(fecha) ? null : Math.max(0, fecha - Date.now());
}

function idDeRespuesta(texto: string): string | null {
  try {
    const json = JSON.parse(texto) as { id?: unknown; idExterno?: unknown };
    const id = json?.idExterno ?? json?.id;
    return typeof id === 'string' || typeof id === 'number' ? String(id).slice(0, 100) : null;
  } catch {
    return null;
  }
}

interface Crudo {
  status: number;
  retryAfter: string | null;
  texto: string;
}

/** One request over node:http(s), connecting only where the policy allows, reading at most MAX_RESPUESTA_BYTES. */
function pedir(politica: PoliticaRed, url: URL, metodo: string, headers: Record<string, string>, cuerpo: string | null, signal: AbortSignal): Promise<Crudo> {
  politica.verificarLiteral(url);
  const solicitar = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<Crudo>((resolve, reject) => {
    // No redirects are followed (node:http does not): a 3xx is an answer like any other. No
    // pooled socket either (agent: false): each call connects through the policy's lookup.
    const req = solicitar(url, { method: metodo, headers, signal, lookup: politica.lookup, agent: false }, (res) => {
      const partes: Buffer[] = [];
      let leidos = 0;
      const terminar = () => {
        resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] ?? null, texto: Buffer.concat(partes).toString('utf8') });
      };
      res.on('data', (parte: Buffer) => {
        const cabe = MAX_RESPUESTA_BYTES - leidos;
        if (cabe > 0) partes.push(parte.subarray(0, cabe));
        leidos += parte.length;
        if (leidos >= MAX_RESPUESTA_BYTES) {
          // Enough: the status is known, the rest is not downloaded.
          res.removeAllListeners('data');
          req.destroy();
          terminar();
        }
      });
      res.on('end', terminar);
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(cuerpo ?? undefined);
  });
}

/**
 * One HTTP call to another institution, bounded by the integration's timeout (AbortSignal),
 * with its authentication header and, when a webhook secret exists, the signature headers.
 * Where it may connect is the policy's to say (PoliticaRed). Never throws: every outcome is a
 * Respuesta the caller logs.
 */
export async function llamar(
  politica: PoliticaRed,
  destino: Destino,
  metodo: 'POST' | 'GET',
  cuerpo: string | null,
  extra: Record<string, string> = {},
): Promise<Respuesta> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    ...extra,
    ...cabecerasAutenticacion(destino.tipoAutenticacion, destino.credenciales),
  };
  if (cuerpo !== null) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(cuerpo));
  }
  const url = new URL(destino.url);
  if (destino.webhookSecret) {
    const timestamp = String(Math.floor(Date.now() / 1000));
    headers[FirmaHeaders.TIMESTAMP] = timestamp;
    headers[FirmaHeaders.FIRMA] = firmar(destino.webhookSecret, { timestamp, metodo, ruta: `${url.pathname}${url.search}`, cuerpo: cuerpo ?? '' });
  }
  const inicio = performance.now();
  const tiempo = () => Math.round(performance.now() - inicio);
  const sinRespuesta = (desenlace: Exclude<Desenlace, 'respuesta'>, error: string): Respuesta => ({
    ok: false,
    desenlace,
    codigo: null,
    tiempoMs: tiempo(),
    error,
    reintentable: desenlace !== 'bloqueado',
    retryAfterMs: null,
    idExterno: null,
  });
  const signal = AbortSignal.timeout(destino.timeoutMs);
  let r: Crudo;
  try {
    r = await pedir(politica, url, metodo, headers, cuerpo, signal);
  } catch (err) {
    if (err instanceof DestinoNoPermitido || (err as { code?: string }).code === 'DESTINO_NO_PERMITIDO') {
      return sinRespuesta('bloqueado', 'Destino no permitido por la política de red');
    }
    if (signal.aborted) return sinRespuesta('tiempo', `Tiempo de espera agotado (${destino.timeoutMs} ms)`);
    return sinRespuesta('conexion', 'Sin conexión con el destino');
  }
  const ok = r.status >= 200 && r.status < 300;
  const reintentable = r.status === 408 || r.status === 425 || r.status === 429 || r.status >= 500;
  return {
    ok,
    desenlace: 'respuesta',
    codigo: r.status,
    tiempoMs: tiempo(),
    error: ok ? null : `HTTP ${r.status}`,
    reintentable: !ok && reintentable,
    retryAfterMs: ok ? null : retryAfterMs(r.retryAfter),
    idExterno: ok ? idDeRespuesta(r.texto) : null,
  };
}
