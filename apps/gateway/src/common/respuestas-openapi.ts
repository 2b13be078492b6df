import { ParseUUIDPipe, type Type } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { HeaderObject, OperationObject, ParameterObject, ResponseObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { PUBLIC_KEY, ROLES_KEY } from '@mesa/shared/auth';
import type { AppConfig } from '@mesa/shared/config';
import { PROBLEM_CONTENT_TYPE } from '@mesa/shared/errors';
import { tieneLimitePublico } from '../rate-limit/rate-limit.module';
import { PROBLEM_SCHEMA } from './problem.schema';

const METODOS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const CON_CUERPO = new Set(['put', 'post', 'patch', 'delete']);
const PROBLEMA = { $ref: `#/components/schemas/${PROBLEM_SCHEMA}` };
/** The media type of PROBLEM_CONTENT_TYPE, without its parameters. */
const PROBLEM_MEDIA_TYPE = PROBLEM_CONTENT_TYPE.split(';')[0];

const DESCRIPCIONES: Record<number, string> = {
  400: 'Invalid input (problem JSON naming the offending fields)',
  401: 'Missing or invalid credentials',
  403: 'The role may not do this',
  404: 'Not found (or not visible to the caller)',
  429: 'Rate limited: wait Retry-After seconds',
  500: 'Unexpected failure (problem JSON, no details)',
};

const entero = (minimum: number, maximum: number) => ({ type: 'integer', format: 'int32', minimum, maximum });
const ref = (nombre: string) => ({ $ref: `#/components/headers/${nombre}` });

/**
 * The headers LimiteGuard (@nestjs/throttler) sets on every answer once the limiter has counted
 * the request: before a guard, a handler or an error runs, so on errors too (not on a body Fastify
 * refuses before routing). `-publico`: the stricter counter of routes without login.
 */
function cabeceras(config: AppConfig): Record<string, HeaderObject> {
  const origenes = config.CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean);
  const limite = (nombre: string, por: number, sufijo: string): Record<string, HeaderObject> => ({
    [`X-RateLimit-Limit${sufijo}`]: { description: `Requests allowed per minute, per client address and route (${nombre})`, schema: entero(1, por) },
    [`X-RateLimit-Remaining${sufijo}`]: { description: `Requests left in the current minute (${nombre})`, schema: entero(0, por) },
    [`X-RateLimit-Reset${sufijo}`]: { description: `Seconds until the minute's count starts again (${nombre})`, schema: entero(0, 60) },
  });
  return {
    ...limite('every route', config.RATE_LIMIT_PER_MINUTE, ''),
    ...limite('routes without login, on top', config.PUBLIC_RATE_LIMIT_PER_MINUTE, '-publico'),
    'Retry-After': {
      description: 'Seconds to wait before trying again',
      required: true,
      schema: entero(1, Math.max(60, config.LOGIN_LOCKOUT_MAX_SECONDS)),
    },
    'Access-Control-Allow-Origin': {
      description: 'Present when the request came from an allowed web origin (CORS_ORIGINS)',
      schema: origenes.length ? { type: 'string', enum: origenes } : { type: 'string', maxLength: 0 },
    },
  };
}

/** Lengths a string's format fixes: a UUID's text, an ISO date, an ISO instant (to nanoseconds, with an offset). */
const LONGITUD_DE_FORMATO: Record<string, number> = { uuid: 36, date: 10, 'date-time': 35 };

/** Every string schema with one of those formats and no maxLength of its own gets the format's. */
function longitudesDeFormato(nodo: unknown): void {
  if (Array.isArray(nodo)) return nodo.forEach(longitudesDeFormato);
  if (!nodo || typeof nodo !== 'object') return;
  const schema = nodo as Record<string, unknown>;
  const longitud = LONGITUD_DE_FORMATO[schema.format as string];
  if (schema.type === 'string' && longitud && schema.maxLength === undefined) schema.maxLength = longitud;
  Object.values(schema).forEach(longitudesDeFormato);
}

/** A pipe of a path parameter that says what it admits (ParseUUIDPipe says it by its class). */
export interface EsquemaDeRuta {
  esquema: Record<string, unknown>;
}

/** find-my-way (Fastify's router) matches no route with a longer path parameter: 404. */
const MAX_PARAM_LENGTH = 100;
/** Node answers 431 when the request's headers pass 16 KiB together, so any one of them too. */
const MAX_HEADER_BYTES = 16_384;

/** The schema the pipes of a route parameter enforce, from Nest's route argument metadata. */
function esquemaDeParametro({ clase, metodo }: Ruta, nombre: string): Record<string, unknown> | undefined {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, clase, metodo) ?? {}) as Record<string, { data?: unknown; pipes?: unknown[] }>;
  const arg = Object.entries(args).find(([clave, a]) => clave.startsWith(`${RouteParamtypes.PARAM}:`) && a.data === nombre)?.[1];
  for (const pipe of arg?.pipes ?? []) {
    if (pipe instanceof ParseUUIDPipe) return { type: 'string', format: 'uuid' };
    if ((pipe as EsquemaDeRuta).esquema) return (pipe as EsquemaDeRuta).esquema;
  }
  return undefined;
}

function acotarParametros(op: OperationObject, ruta: Ruta): void {
  for (const p of (op.parameters ?? []) as ParameterObject[]) {
    if (p.in === 'path') p.schema = esquemaDeParametro(ruta, p.name) ?? { ...p.schema, type: 'string', maxLength: MAX_PARAM_LENGTH };
    const schema = p.schema as Record<string, unknown> | undefined;
    if (p.in === 'header' && (!schema || schema.maxLength === undefined)) p.schema = { type: 'string', ...schema, maxLength: MAX_HEADER_BYTES };
  }
}

interface Ruta {
  handler: (...args: never[]) => unknown;
  clase: Type;
  metodo: string;
}

/** operationId → handler, as @nestjs/swagger names operations (`Controller_method`). */
function rutas(controllers: Type[]): Map<string, Ruta> {
  const mapa = new Map<string, Ruta>();
  for (const clase of controllers) {
    for (const metodo of Object.getOwnPropertyNames(clase.prototype)) {
      const handler = clase.prototype[metodo];
      if (metodo !== 'constructor' && typeof handler === 'function') mapa.set(`${clase.name}_${metodo}`, { handler, clase, metodo });
    }
  }
  return mapa;
}

/** As AuthGuard reads them: the handler's mark, else the controller's. */
const marca = <T>(clave: string, { handler, clase }: Ruta): T | undefined =>
  Reflect.getMetadata(clave, handler) ?? Reflect.getMetadata(clave, clase);

function completarOperacion(op: OperationObject, metodo: string, ruta: Ruta | undefined, cabecerasDeLimite: string[]): void {
  if (!ruta) throw new Error(`OpenAPI: operation ${op.operationId ?? '?'} has no handler`);
  // The document says what AuthGuard does: a bearer token unless @Public(), whatever the decorators claimed.
  const publica = marca<boolean>(PUBLIC_KEY, ruta) === true;
  if (!publica) op.security = [{ bearer: [] }];
  else if (!op.security?.length) delete op.security;
  acotarParametros(op, ruta);
  const parametros = (op.parameters ?? []) as ParameterObject[];
  const conEntrada = !!op.requestBody || parametros.some((p) => p.in === 'query' || p.in === 'header') || CON_CUERPO.has(metodo);
  const estados = [
    conEntrada && 400,
    op.security?.length && 401,
    marca<unknown[]>(ROLES_KEY, ruta)?.length && 403,
    parametros.some((p) => p.in === 'path') && 404,
    429,
    500,
  ].filter((s): s is number => typeof s === 'number');
  for (const estado of estados) op.responses[estado] ??= { description: DESCRIPCIONES[estado] };
  const limites = tieneLimitePublico(ruta.handler) ? cabecerasDeLimite : cabecerasDeLimite.filter((h) => !h.endsWith('-publico'));
  for (const [estado, respuesta] of Object.entries(op.responses) as [string, ResponseObject][]) {
    if (Number(estado) >= 400) respuesta.content = { [PROBLEM_MEDIA_TYPE]: { schema: PROBLEMA } };
    respuesta.headers = {
      ...Object.fromEntries(limites.map((h) => [h, ref(h)])),
      ...(estado === '429' ? { 'Retry-After': ref('Retry-After') } : {}),
      'Access-Control-Allow-Origin': ref('Access-Control-Allow-Origin'),
      ...respuesta.headers,
    };
  }
}

/**
 * Completes what the decorators leave out, from what the server does: the security AuthGuard
 * applies, the problem responses every operation can give (400 with input, 401 authenticated,
 * 403 role-restricted, 404 with a path parameter, 429 and 500 everywhere), all as problem JSON of
 * one schema, the headers the rate limiter and CORS send, the lengths string formats imply, and
 * the list of the tags the operations use. Responses a route documents itself keep their
 * description.
 */
export function completarDocumento(doc: OpenAPIObject, controllers: Type[], config: AppConfig): OpenAPIObject {
  const definidas = cabeceras(config);
  doc.components = { ...doc.components, headers: { ...doc.components?.headers, ...definidas } };
  const cabecerasDeLimite = Object.keys(definidas).filter((h) => h.startsWith('X-RateLimit-'));
  const mapa = rutas(controllers);
  for (const item of Object.values(doc.paths)) {
    for (const metodo of METODOS) {
      const op = item[metodo];
      if (op) completarOperacion(op, metodo, mapa.get(op.operationId ?? ''), cabecerasDeLimite);
    }
  }
  const etiquetas = new Set(Object.values(doc.paths).flatMap((item) => METODOS.flatMap((m) => item[m]?.tags ?? [])));
  doc.tags = [...etiquetas].sort().map((name) => doc.tags?.find((t) => t.name === name) ?? { name });
  longitudesDeFormato(doc);
  return doc;
}
