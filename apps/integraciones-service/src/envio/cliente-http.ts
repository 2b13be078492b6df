import { Credenciales, FirmaHeaders, TipoAutenticacion } from '@mesa/shared/contracts';
import { firmar } from '../seguridad/firma';

/** Where and how to call the other system; secrets already opened, kept in memory only. */
export interface Destino {
  url: string;
  tipoAutenticacion: TipoAutenticacion;
  credenciales: Credenciales | null;
  webhookSecret: string | null;
  timeoutMs: number;
}

export interface Respuesta {
  ok: boolean;
  /** HTTP status, or null when nothing came back (timeout, connection refused). */
  codigo: number | null;
  tiempoMs: number;
  /** Why it failed, without secrets: status and the first characters of the body, or the network error's code. */
  error: string | null;
  /** Worth retrying: no answer, 408, 425, 429 or 5xx. Other 4xx will not change by retrying. */
  reintentable: boolean;
  /** From a 429/503 Retry-After header. */
  retryAfterMs: number | null;
  /** Their id for what we sent, when their JSON answer has `id` or `idExterno`. */
  idExterno: string | null;
}

const MAX_TEXTO_ERROR = 300;

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

/**
 * One HTTP call to another institution, bounded by the integration's timeout (AbortSignal),
 * with its authentication header and, when a webhook secret exists, the signature headers.
 * Never throws: every outcome is a Respuesta the caller logs.
 */
export async function llamar(
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
  if (cuerpo !== null) headers['content-type'] = 'application/json';
  if (destino.webhookSecret) {
    const timestamp = String(Math.floor(Date.now() / 1000));
    headers[FirmaHeaders.TIMESTAMP] = timestamp;
    const { pathname, search } = new URL(destino.url);
    headers[FirmaHeaders.FIRMA] = firmar(destino.webhookSecret, { timestamp, metodo, ruta: `${pathname}${search}`, cuerpo: cuerpo ?? '' });
  }
  const inicio = performance.now();
  const tiempo = () => Math.round(performance.now() - inicio);
  try {
    const res = await fetch(destino.url, {
      method: metodo,
      headers,
      body: cuerpo ?? undefined,
      redirect: 'manual',
      signal: AbortSignal.timeout(destino.timeoutMs),
    });
    const texto = await res.text();
    const ms = tiempo();
    const ok = res.status >= 200 && res.status < 300;
    const reintentable = res.status === 408 || res.status === 425 || res.status === 429 || res.status >= 500;
    return {
      ok,
      codigo: res.status,
      tiempoMs: ms,
      error: ok ? null : `HTTP ${res.status}${texto ? `: ${texto.slice(0, MAX_TEXTO_ERROR)}` : ''}`,
      reintentable: !ok && reintentable,
      retryAfterMs: ok ? null : retryAfterMs(res.headers.get('retry-after')),
      idExterno: ok ? idDeRespuesta(texto) : null,
    };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    const timeout = e.name === 'TimeoutError' || e.name === 'AbortError';
    return {
      ok: false,
      codigo: null,
      tiempoMs: tiempo(),
      error: timeout
        ? `Tiempo de espera agotado (${destino.timeoutMs} ms)`
        : `Error de conexión: ${e.cause?.code ?? e.name}`,
      reintentable: true,
      retryAfterMs: null,
      idExterno: null,
    };
  }
}
