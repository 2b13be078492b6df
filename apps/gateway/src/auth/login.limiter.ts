import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import Redis from 'ioredis';
import { APP_CONFIG } from '@mesa/shared/app';
import type { AppConfig } from '@mesa/shared/config';
import { DomainException } from '@mesa/shared/errors';

/** A refused sign-in; the problem filter turns retryAfterSeconds into Retry-After. */
export class LoginRefused extends DomainException {
  constructor(
    code: string,
    status: 429 | 503,
    detail: string,
    readonly retryAfterSeconds: number,
  ) {
    super(code, status, detail);
  }
}

export interface Intento {
  /** This attempt began a lockout of the username / the address (if it fails, that is audited). */
  bloqueaUsuario: boolean;
  bloqueaDireccion: boolean;
}

const COMMAND_TIMEOUT_MS = 1_000;
const RATE_WINDOW_MS = 60_000;

/**
 * KEYS: rate, user fails, user lock, address fails, address lock.
 * ARGV: rate limit, user max, address max, base ms, max ms, memory ms.
 * Every attempt counts as a failure until it succeeds, so a burst sent at once is stopped after
 * the allowed number, not after they all have been checked. The attempt that reaches a maximum
 * still runs and locks what comes after it for base * 2^(failures - max), capped.
 */
const INTENTO = `
local rate = redis.call('INCR', KEYS[1])
if rate == 1 then redis.call('PEXPIRE', KEYS[1], ${RATE_WINDOW_MS}) end
if rate > tonumber(ARGV[1]) then return {'rate', redis.call('PTTL', KEYS[1]), 0, 0} end
local lu = redis.call('PTTL', KEYS[3])
local la = redis.call('PTTL', KEYS[5])
if lu > 0 or la > 0 then return {'locked', math.max(lu, la), 0, 0} end
local function count(fails, lock, max)
  local n = redis.call('INCR', fails)
  redis.call('PEXPIRE', fails, ARGV[6])
  if n >= max then
    redis.call('SET', lock, '1', 'PX', math.floor(math.min(tonumber(ARGV[5]), tonumber(ARGV[4]) * 2 ^ (n - max))))
    return 1
  end
  return 0
end
local bu = count(KEYS[2], KEYS[3], tonumber(ARGV[2]))
local ba = count(KEYS[4], KEYS[5], tonumber(ARGV[3]))
return {'ok', 0, bu, ba}`;

/** KEYS: user fails, user lock, address fails, address lock. ARGV: '1' when the attempt locked the address. */
const EXITO = `
redis.call('DEL', KEYS[1], KEYS[2])
if redis.call('DECR', KEYS[3]) <= 0 then redis.call('DEL', KEYS[3]) end
if ARGV[1] == '1' then redis.call('DEL', KEYS[4]) end
return 1`;

type LimiterRedis = Redis & {
  loginIntento(...args: Array<string | number>): Promise<[string, number, number, number]>;
  loginExito(...args: string[]): Promise<number>;
};

/**
 * Sign-in limits in the bus Redis (which never evicts, so a lockout cannot be pushed out):
 * LOGIN_RATE_LIMIT_PER_MINUTE attempts per address, and failures per username and per address
 * with exponential backoff. Unlike the API's rate limit it fails closed: while Redis cannot
 * answer, sign-in answers 503, never an unlimited check of passwords.
 * Keys hold a hash of the username, never the name itself.
 */
@Injectable()
export class LoginLimiter implements OnModuleInit, OnApplicationShutdown {
  private readonly redis: LimiterRedis;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const redis = new Redis(config.REDIS_URL, {
      connectionName: 'gateway-login-limit',
      keyPrefix: `${config.REDIS_KEY_PREFIX}login:`,
      enableOfflineQueue: false,
      commandTimeout: COMMAND_TIMEOUT_MS,
      maxRetriesPerRequest: 1,
      retryStrategy: (veces) => Math.min(2_000, 50 * 2 ** Math.min(veces, 6)),
    });
    // Errors reach callers as rejected commands (and sign-in answers 503).
    redis.on('error', () => undefined);
    redis.defineCommand('loginIntento', { numberOfKeys: 5, lua: INTENTO });
    redis.defineCommand('loginExito', { numberOfKeys: 4, lua: EXITO });
    this.redis = redis as LimiterRedis;
  }

  /** The first sign-in after boot should not find the connection still opening. */
  async onModuleInit(): Promise<void> {
    if (this.redis.status === 'ready') return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(done, 2_000);
      this.redis.once('ready', done);
    });
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }

  /** Admits one attempt or throws 429 (limited, locked) or 503 (Redis cannot answer). */
  async admitir(username: string, ip: string): Promise<Intento> {
    const c = this.config;
    const maxMs = c.LOGIN_LOCKOUT_MAX_SECONDS * 1000;
    let answer: [string, number, number, number];
    try {
      answer = await this.redis.loginIntento(
        ...this.keys(username, ip, true),
        c.LOGIN_RATE_LIMIT_PER_MINUTE,
        c.LOGIN_MAX_FAILURES_PER_USER,
        c.LOGIN_MAX_FAILURES_PER_ADDRESS,
        c.LOGIN_LOCKOUT_BASE_SECONDS * 1000,
        maxMs,
        Math.max(3_600_000, 2 * maxMs),
      );
    } catch {
      throw new LoginRefused(
        'LOGIN_NO_DISPONIBLE',
        503,
        'El inicio de sesión no está disponible; intente en unos segundos',
        5,
      );
    }
    const [result, ms, bu, ba] = answer;
    const seconds = Math.max(1, Math.ceil(ms / 1000));
    if (result === 'rate')
      throw new LoginRefused(
        'RATE_LIMITED',
        429,
        'Demasiados intentos de inicio de sesión; intente más tarde',
        seconds,
      );
    if (result === 'locked') {
      throw new LoginRefused(
        'LOGIN_BLOQUEADO',
        429,
        'Demasiados intentos fallidos; espere antes de intentar de nuevo',
        seconds,
      );
    }
    return { bloqueaUsuario: bu === 1, bloqueaDireccion: ba === 1 };
  }

  /** A correct password clears the username's failures and takes this attempt off the address's. */
  async exito(username: string, ip: string, intento: Intento): Promise<void> {
    await this.redis
      .loginExito(...this.keys(username, ip, false), intento.bloqueaDireccion ? '1' : '0')
      .catch(() => undefined);
  }

  private keys(username: string, ip: string, withRate: boolean): string[] {
    const user = createHash('sha256').update(username.normalize('NFKC').toLowerCase()).digest('hex').slice(0, 32);
    const addr = direccionDeLimite(ip);
    return [...(withRate ? [`rate:${addr}`] : []), `fu:${user}`, `lu:${user}`, `fa:${addr}`, `la:${addr}`];
  }
}

/**
 * The address a limit counts: IPv4 as is (also when mapped into IPv6), IPv6 by its /64, which
 * one subscriber usually holds whole.
 */
function direccionDeLimite(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  if (isIPv4(ip) || !isIPv6(ip)) return ip;
  const [head, tail = ''] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}
