import { Logger, OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type Redis from 'ioredis';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

const MINUTO_MS = 60_000;
/** How often a replica reports the hits it counted locally. */
const SYNC_MS = 100;
/** Keys counted locally at once; past that a new key is counted in Redis on every hit. */
const MAX_CLAVES_LOCALES = 50_000;

/**
 * Adds `n` hits to a client's window and reads it back, in one round trip: the window starts
 * with the first hit and lasts `ttl`; past `limit` a block of `blockDuration` starts, and it
 * holds (in every replica) until it expires.
 */
const SUMAR = `
local total = redis.call('INCRBY', KEYS[1], ARGV[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl <= 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]); ttl = tonumber(ARGV[2]) end
local bloqueo = redis.call('PTTL', KEYS[2])
if bloqueo <= 0 and total > tonumber(ARGV[3]) then
  redis.call('SET', KEYS[2], 1, 'PX', ARGV[4]); bloqueo = tonumber(ARGV[4])
end
return {total, ttl, bloqueo}`;

type RedisConSumar = Redis & {
  limiteSumar(hits: string, bloqueo: string, n: number, ttl: number, limit: number, blockDuration: number): Promise<[number, number, number]>;
};

interface Ventana {
  /** Hits of this window as Redis last said (this replica's reported ones included). */
  conocidos: number;
  /** Hits counted here and not yet reported. */
  pendientes: number;
  ttl: number;
  limit: number;
  blockDuration: number;
  /** Epoch ms: when the window ends, and when the client's block ends (0: none). */
  finVentana: number;
  finBloqueo: number;
}

const segundos = (ms: number) => Math.max(0, Math.ceil(ms / 1000));

/**
 * Rate-limit counters shared by every gateway replica through Redis, without a Redis round trip
 * on most requests. While a client is below half its limit, hits are counted in this process
 * and reported every SYNC_MS in one pipeline; from half the limit on, every hit goes to Redis
 * (with those not yet reported) before it is answered. One replica enforces the limit exactly.
 * The error with R replicas: hits another replica has not reported yet are not seen, so a burst
 * that reaches several replicas inside one report interval can pass up to (R − 1) × limit / 2
 * extra requests in a window, and a block set by one replica reaches another within SYNC_MS.
 * Throttlers named in `exactos` (the strict public limit, on guessable input) skip the local
 * count: every hit goes to Redis, and the limit holds exactly across replicas.
 *
 * Limiting is a protection, not a dependency: when Redis fails or is slow (commands time out,
 * nothing queues while it is away) requests pass, and hits whose report failed are not counted
 * (a timed-out report may still have been applied: sending it again could count it twice).
 * One warning per minute, not one per request.
 */
export class ContadorPorLotes implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger('RateLimit');
  private readonly ventanas = new Map<string, Ventana>();
  private readonly redis: RedisConSumar;
  private temporizador?: NodeJS.Timeout;
  private informando?: Promise<void>;
  private avisado = 0;

  constructor(
    redis: Redis,
    private readonly exactos: ReadonlySet<string> = new Set(),
  ) {
    redis.defineCommand('limiteSumar', { numberOfKeys: 2, lua: SUMAR });
    this.redis = redis as RedisConSumar;
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const clave = `${key}:${throttlerName}`;
    const ahora = Date.now();
    let v = this.ventanas.get(clave);
    if (v && v.finVentana <= ahora && v.pendientes === 0) {
      if (v.finBloqueo <= ahora) this.ventanas.delete(clave);
      v = v.finBloqueo > ahora ? Object.assign(v, { conocidos: 0, finVentana: ahora + ttl }) : undefined;
    }
    if (v && v.finBloqueo > ahora) return this.respuesta(v, ahora);
    if (!v && this.ventanas.size < MAX_CLAVES_LOCALES) {
      v = { conocidos: 0, pendientes: 0, ttl, limit, blockDuration, finVentana: ahora + ttl, finBloqueo: 0 };
      this.ventanas.set(clave, v);
    }
    if (v && !this.exactos.has(throttlerName) && 2 * (v.conocidos + v.pendientes + 1) <= limit) {
      v.pendientes++;
      this.programarInforme();
      return this.respuesta(v, ahora);
    }
    // Near the limit (or no room to count locally): Redis decides, with what is pending.
    const n = (v?.pendientes ?? 0) + 1;
    if (v) v.pendientes = 0;
    try {
      const r = await this.redis.limiteSumar(`{${clave}}:hits`, `{${clave}}:blocked`, n, ttl, limit, blockDuration);
      if (!v) return { totalHits: r[0], timeToExpire: segundos(r[1]), isBlocked: r[2] > 0, timeToBlockExpire: segundos(r[2]) };
      this.aplicar(v, r, Date.now());
      return this.respuesta(v, Date.now());
    } catch (err) {
      this.fallo(err);
      return { totalHits: 0, timeToExpire: segundos(ttl), isBlocked: false, timeToBlockExpire: 0 };
    }
  }

  /** Reports what is pending now and waits for it (tests, and shutdown). */
  async informar(): Promise<void> {
    clearTimeout(this.temporizador);
    this.temporizador = undefined;
    await this.informando;
    this.informando = this.enviar().finally(() => (this.informando = undefined));
    await this.informando;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.informar().catch(() => undefined);
    this.redis.disconnect();
  }

  private respuesta(v: Ventana, ahora: number): ThrottlerStorageRecord {
    const bloqueado = v.finBloqueo > ahora;
    return {
      totalHits: v.conocidos + v.pendientes,
      timeToExpire: segundos(v.finVentana - ahora),
      isBlocked: bloqueado,
      timeToBlockExpire: bloqueado ? segundos(v.finBloqueo - ahora) : 0,
    };
  }

  private aplicar(v: Ventana, [total, ttl, bloqueo]: [number, number, number], ahora: number) {
    v.conocidos = total;
    v.finVentana = ahora + ttl;
    if (bloqueo > 0) v.finBloqueo = Math.max(v.finBloqueo, ahora + bloqueo);
  }

  /** A report SYNC_MS from now, unless one is due; hits counted while one is on its way get the next. */
  private programarInforme() {
    if (this.temporizador) return;
    this.temporizador = setTimeout(() => void this.informar().catch(() => undefined), SYNC_MS);
    this.temporizador.unref();
  }

  private async enviar(): Promise<void> {
    const lote: Array<[string, Ventana, number]> = [];
    const ahora = Date.now();
    for (const [clave, v] of this.ventanas) {
      if (v.pendientes > 0) {
        lote.push([clave, v, v.pendientes]);
        v.pendientes = 0;
      } else if (v.finVentana <= ahora && v.finBloqueo <= ahora) {
        this.ventanas.delete(clave);
      }
    }
    if (lote.length === 0) return;
    const pipeline = this.redis.pipeline() as ReturnType<Redis['pipeline']> & {
      limiteSumar(...args: unknown[]): unknown;
    };
    for (const [clave, v, n] of lote) pipeline.limiteSumar(`{${clave}}:hits`, `{${clave}}:blocked`, n, v.ttl, v.limit, v.blockDuration);
    let resultados: Array<[Error | null, unknown]> | null = null;
    try {
      resultados = await pipeline.exec();
    } catch (err) {
      this.fallo(err);
    }
    const despues = Date.now();
    lote.forEach(([, v], i) => {
      const [error, r] = resultados?.[i] ?? [new Error('sin respuesta'), null];
      if (error) return this.fallo(error);
      // Hits counted while the report was on its way stay pending for the next one.
      this.aplicar(v, r as [number, number, number], despues);
    });
  }

  private fallo(err: unknown) {
    if (Date.now() - this.avisado > MINUTO_MS) {
      this.avisado = Date.now();
      this.logger.warn(`rate limit storage unavailable, requests pass unlimited: ${(err as Error).message}`);
    }
  }
}
