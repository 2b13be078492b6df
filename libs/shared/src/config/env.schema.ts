import { BlockList, isIP } from 'node:net';
import { plainToInstance, Transform } from 'class-transformer';
import { isDevKey, parsePrivateKey, parsePublicKey, sameKey } from '../auth/token-keys';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : value === true || value === 'true' || value === '1';

/** Development defaults; production refuses the ones marked as secrets (and the development token keys). */
export const DEV_ENCRYPTION_KEY = 'ZGV2LW9ubHktZW5jcnlwdGlvbi1rZXktMzItYnl0ZXM='; // base64 of 32 bytes
export const DEV_TRACKING_CODE_SECRET = 'dev-only-tracking-code-secret-change-me';

/**
 * Every variable any app reads. One schema for the suite: each app uses the part it needs, and
 * the deployment tests check that manifests only set variables declared here.
 */
export class EnvSchema {
  @IsIn(['development', 'test', 'production']) NODE_ENV: 'development' | 'test' | 'production' = 'development';
  @Transform(toInt) @IsInt() @Min(0) @Max(65535) PORT = 3000;
  @IsString() HOST = '0.0.0.0';
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) LOG_LEVEL = 'info';

  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/mesa';
  @Transform(toInt) @IsInt() @Min(1) @Max(200) DB_POOL_SIZE = 10;
  @Transform(toInt) @IsInt() @Min(100) DB_CONNECT_TIMEOUT_MS = 5000;
  @Transform(toInt) @IsInt() @Min(100) DB_STATEMENT_TIMEOUT_MS = 15000;
  @Transform(toInt) @IsInt() @Min(1) DB_SLOW_QUERY_MS = 200;

  /** Redis of the bus (and, unless set apart, of the cache and the queues). */
  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// URL' }) REDIS_URL = 'redis://127.0.0.1:6379';
  @IsOptional() @Matches(/^rediss?:\/\//, { message: 'CACHE_REDIS_URL must be a redis:// URL' }) CACHE_REDIS_URL?: string = undefined;
  @IsOptional() @Matches(/^rediss?:\/\//, { message: 'QUEUE_REDIS_URL must be a redis:// URL' }) QUEUE_REDIS_URL?: string = undefined;
  @IsString() REDIS_KEY_PREFIX = 'mesa:';
  @Transform(toInt) @IsInt() @Min(100) BUS_REQUEST_TIMEOUT_MS = 5000;
  @Transform(toInt) @IsInt() @Min(1000) BUS_CLAIM_IDLE_MS = 10000;

  @Transform(toBool) @IsBoolean() CACHE_ENABLED = true;
  @Transform(toInt) @IsInt() @Min(10) CACHE_COMMAND_TIMEOUT_MS = 150;

  /**
   * The gateway's Ed25519 private key (PKCS#8 PEM; `\n` for line breaks is accepted): it alone
   * signs access tokens. Unset outside production: the development key. No other app needs it.
   */
  @IsOptional() @IsString() JWT_PRIVATE_KEY?: string = undefined;
  /** Its public key (SPKI PEM), for the apps that verify tokens (perf-monitor). */
  @IsOptional() @IsString() JWT_PUBLIC_KEY?: string = undefined;
  /** Lifetime of an access token: 15 minutes at most; a refresh token gets the next one. */
  @Transform(toInt) @IsInt() @Min(60) @Max(900) JWT_EXPIRES_IN_SECONDS = 900;
  /** Lifetime of a session (a family of rotating refresh tokens), from its sign-in. */
  @Transform(toInt) @IsInt() @Min(300) @Max(30 * 86_400) REFRESH_TOKEN_TTL_SECONDS = 43_200;
  /**
   * How long the gateway trusts what it read of a session and its user (revoked, deactivated,
   * role or office changed): a revocation takes effect within this bound on every replica.
   */
  @Transform(toInt) @IsInt() @Min(0) @Max(60_000) AUTH_SESSION_CACHE_MS = 5_000;
  /** Sign-in attempts per client address per minute, counted in Redis; refused while Redis is away. */
  @Transform(toInt) @IsInt() @Min(1) LOGIN_RATE_LIMIT_PER_MINUTE = 30;
  /** Failures before a username, or a client address, is locked out with exponential backoff. */
  @Transform(toInt) @IsInt() @Min(1) LOGIN_MAX_FAILURES_PER_USER = 5;
  @Transform(toInt) @IsInt() @Min(1) LOGIN_MAX_FAILURES_PER_ADDRESS = 20;
  /** The first lockout; each further failure doubles it, up to LOGIN_LOCKOUT_MAX_SECONDS. */
  @Transform(toInt) @IsInt() @Min(1) LOGIN_LOCKOUT_BASE_SECONDS = 1;
  @Transform(toInt) @IsInt() @Min(1) LOGIN_LOCKOUT_MAX_SECONDS = 900;
  /** Comma-separated origins allowed by CORS; empty = same-origin only. */
  @IsString() CORS_ORIGINS = 'http://localhost:5173,http://localhost:4200';
  @IsString() PUBLIC_BASE_URL = 'http://localhost:3000';
  /**
   * HMAC key from which each document's citizen tracking code is derived (so the receipt can
   * print it again later). Changing it makes receipts of earlier documents unavailable.
   */
  @IsString() @MinLength(32, { message: 'TRACKING_CODE_SECRET must be at least 32 characters' })
  TRACKING_CODE_SECRET = DEV_TRACKING_CODE_SECRET;
  @Transform(toInt) @IsInt() @Min(1024) BODY_LIMIT_BYTES = 1_048_576;
  @Transform(toInt) @IsInt() @Min(1) RATE_LIMIT_PER_MINUTE = 600;
  @Transform(toInt) @IsInt() @Min(1) PUBLIC_RATE_LIMIT_PER_MINUTE = 20;

  /** Legal-time cutoff (HH:MM, America/Lima): filings after it count on the next business day. */
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'RECEPCION_HORA_CORTE must be HH:MM' }) RECEPCION_HORA_CORTE = '23:59';

  /**
   * Trust store of signature verification (reportes-worker): the operator's roots and
   * intermediates, a comma-separated list of PEM or DER files and directories. Unset: no chain
   * is trusted, so every signature comes out INDETERMINADA.
   */
  @IsOptional() @IsString() FIRMA_CONFIANZA?: string = undefined;
  /** Revocation lists (CRLs) for it, the same way; without one revocation is reported unchecked. */
  @IsOptional() @IsString() FIRMA_CRL?: string = undefined;
  /**
   * The institution's PKCS#12 (certificate and key) with which documentos-service signs the
   * receipts (PAdES-B-B), and its password. Required in production; unset in development, where
   * receipts go unsigned.
   */
  @IsOptional() @IsString() FIRMA_P12_PATH?: string = undefined;
  @IsOptional() @IsString() FIRMA_P12_PASSWORD?: string = undefined;
  @IsString() STORAGE_DIR = './storage';
  @Transform(toInt) @IsInt() @Min(1024) MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
  /** base64 of 32 bytes: AES-256-GCM key for integration credentials. */
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'ENCRYPTION_KEY must be base64 of 32 bytes' }) ENCRYPTION_KEY = DEV_ENCRYPTION_KEY;
  /**
   * Comma-separated earlier ENCRYPTION_KEYs, kept while changing the key: secrets sealed under
   * them still open, and integraciones-service re-seals them under ENCRYPTION_KEY at start.
   */
  @IsOptional()
  @Matches(/^[A-Za-z0-9+/]{43}=(,[A-Za-z0-9+/]{43}=)*$/, {
    message: 'ENCRYPTION_KEYS_PREVIOUS must be comma-separated base64 keys of 32 bytes',
  })
  ENCRYPTION_KEYS_PREVIOUS?: string = undefined;

  /**
   * Who may set X-Forwarded-For: empty (the default) trusts no proxy, so the client address is the
   * connection's; a hop count (`1`: one ingress in front); or comma-separated addresses and CIDRs
   * (`10.0.0.0/8,127.0.0.1`; also proxy-addr's names `loopback`, `linklocal`, `uniquelocal`).
   */
  @IsOptional() @IsString() TRUSTED_PROXIES?: string = undefined;
  /**
   * Client addresses (CIDRs, comma-separated) that may read the operator endpoints: `/metrics` of
   * every app and the gateway's OpenAPI page. Default: loopback and private networks, where
   * Prometheus and the cluster live; a client from the internet (through the ingress, with
   * TRUSTED_PROXIES set) gets 404.
   */
  @IsString() OPERATOR_NETWORKS = '127.0.0.0/8,::1/128,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7';
  /**
   * Comma-separated host names, addresses or CIDRs integraciones-service may call although they
   * are private, loopback or link-local; empty (the default) allows only public addresses.
   */
  @IsOptional() @IsString() INTEGRATIONS_ALLOWED_HOSTS?: string = undefined;

  /** PIDE (the state's interoperability platform): our RUC, the receiver PIDE addresses us as. */
  @IsOptional() @Matches(/^\d{11}$/, { message: 'PIDE_RUC must be 11 digits' }) PIDE_RUC?: string = undefined;
  @IsString() PIDE_ENTIDAD_NOMBRE = 'Mesa de Partes';
  /**
   * Who may call the SOAP port: a client certificate whose SHA-256 fingerprint (hex, comma-separated)
   * is listed, or a client address in PIDE_ALLOWED_NETWORKS (CIDRs); and, in both cases, the API
   * credential whose SHA-256 (hex) is PIDE_API_KEY_SHA256, sent as `x-api-key`. Unset: nobody.
   */
  @IsOptional() @IsString() PIDE_CLIENT_CERT_SHA256?: string = undefined;
  @IsOptional() @IsString() PIDE_ALLOWED_NETWORKS?: string = undefined;
  @IsOptional() @Matches(/^[0-9a-f]{64}$/, { message: 'PIDE_API_KEY_SHA256 must be 64 lower-case hex digits' })
  PIDE_API_KEY_SHA256?: string = undefined;
  /** PIDE's CUO service (integraciones-service asks it a CUO for each send). */
  @IsOptional() @IsString() PIDE_CUO_URL?: string = undefined;
  /** The service code PIDE gave this suite for the CUO request. */
  @IsString() PIDE_SERVICIO = '3111';
  /** One SOAP call to PIDE (CUO, recepcionarTramite, cargoTramite) is abandoned after this. */
  @Transform(toInt) @IsInt() @Min(100) PIDE_TIMEOUT_MS = 15_000;
  /** Attempts of a send or a cargo before it is left in the dead-letter queue, and the first wait. */
  @Transform(toInt) @IsInt() @Min(1) PIDE_MAX_INTENTOS = 5;
  @Transform(toInt) @IsInt() @Min(1) PIDE_REINTENTO_BASE_MS = 5000;

  @IsOptional() @IsString() PROMETHEUS_URL?: string = undefined;
  /** Comma-separated name=url pairs of the apps perf-monitor watches. */
  @IsOptional() @IsString() MONITORED_APPS?: string = undefined;
  /** perf-monitor's alert thresholds (the seed's): a slow statement, a cache namespace's hit rate, pool use, cache memory. */
  @Transform(toInt) @IsInt() @Min(1) PERF_SLOW_QUERY_ALERT_MS = 2000;
  @Transform(toInt) @IsInt() @Min(0) @Max(100) PERF_CACHE_HIT_RATE_MIN_PERCENT = 50;
  @Transform(toInt) @IsInt() @Min(1) @Max(100) PERF_POOL_USAGE_MAX_PERCENT = 90;
  @Transform(toInt) @IsInt() @Min(1) PERF_CACHE_MEMORY_MAX_MB = 100;
  /** How often perf-monitor scrapes the apps itself when there is no PROMETHEUS_URL. */
  @Transform(toInt) @IsInt() @Min(500) PERF_SCRAPE_INTERVAL_MS = 5000;
  /** Where the gateway finds perf-monitor's HTTP API. */
  @IsString() PERF_MONITOR_URL = 'http://127.0.0.1:3005';
  /** How long the gateway waits for perf-monitor before answering 504 (its benchmark gets twice as long). */
  @Transform(toInt) @IsInt() @Min(100) PERF_MONITOR_TIMEOUT_MS = 10_000;
  /** Pause between readiness turning 503 and closing, so load balancers stop sending first. */
  @Transform(toInt) @IsInt() @Min(0) SHUTDOWN_DRAIN_MS = 0;
  @Transform(toInt) @IsInt() @Min(1) WORKER_CONCURRENCY = 4;
  @Transform(toInt) @IsInt() @Min(1) REPORT_TTL_HOURS = 24;
  /** Time limit of one job attempt in reportes-worker: the work is aborted, then retried with backoff. */
  @Transform(toInt) @IsInt() @Min(1) JOB_TIMEOUT_MS = 600_000;
  /**
   * How long a BullMQ worker's lock on an active job lasts without renewal (it is renewed every
   * half of it), and how often workers look for stalled jobs: a job whose worker died is
   * retried within about twice this.
   */
  @Transform(toInt) @IsInt() @Min(1000) JOB_LOCK_MS = 30_000;
}

export type AppConfig = EnvSchema;

export class ConfigError extends Error {}

/** Validates the environment once; a bad value stops the app with a message naming it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, defaults: Partial<EnvSchema> = {}): AppConfig {
  const known = Object.keys(new EnvSchema());
  const plain: Record<string, unknown> = { ...defaults };
  for (const k of known) if (env[k] !== undefined && env[k] !== '') plain[k] = env[k];
  const cfg = plainToInstance(EnvSchema, plain, { exposeDefaultValues: true });
  const errors = validateSync(cfg, { whitelist: false, forbidUnknownValues: false });
  const problems = errors.flatMap((e) => Object.values(e.constraints ?? {}).map((m) => `${e.property}: ${m}`));
  try {
    trustProxyOption(cfg.TRUSTED_PROXIES);
  } catch (err) {
    problems.push(`TRUSTED_PROXIES: ${(err as Error).message}`);
  }
  try {
    if (cfg.PIDE_ALLOWED_NETWORKS) redesOperativas(cfg.PIDE_ALLOWED_NETWORKS);
  } catch (err) {
    problems.push(`PIDE_ALLOWED_NETWORKS: ${(err as Error).message}`);
  }
  try {
    redesOperativas(cfg.OPERATOR_NETWORKS);
  } catch (err) {
    problems.push(`OPERATOR_NETWORKS: ${(err as Error).message}`);
  }
  const keys = [
    ['JWT_PRIVATE_KEY', cfg.JWT_PRIVATE_KEY, parsePrivateKey],
    ['JWT_PUBLIC_KEY', cfg.JWT_PUBLIC_KEY, parsePublicKey],
  ] as const;
  const parsed = keys.flatMap(([name, value, parse]) => {
    if (value === undefined) return [];
    try {
      const key = parse(value);
      if (cfg.NODE_ENV === 'production' && isDevKey(key)) problems.push(`${name}: the development key is refused in production`);
      return [key];
    } catch (err) {
      problems.push(`${name}: not an Ed25519 key in PEM (${(err as Error).message.split('\n')[0]})`);
      return [];
    }
  });
  if (parsed.length === 2 && !sameKey(parsed[0], parsed[1])) problems.push('JWT_PUBLIC_KEY: is not the public key of JWT_PRIVATE_KEY');
  if (cfg.NODE_ENV === 'production') {
    if (cfg.ENCRYPTION_KEY === DEV_ENCRYPTION_KEY) problems.push('ENCRYPTION_KEY: the development key is refused in production');
    if (cfg.TRACKING_CODE_SECRET === DEV_TRACKING_CODE_SECRET) {
      problems.push('TRACKING_CODE_SECRET: the development secret is refused in production');
    }
  }
  if (problems.length) throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  return cfg;
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** TRUSTED_PROXIES as Fastify's `trustProxy`: false (none), a hop count, or addresses and CIDRs. */
export function trustProxyOption(value: string | undefined): false | number | string[] {
  const text = (value ?? '').trim();
  if (!text) return false;
  if (/^\d+$/.test(text)) return Number(text);
  const entries = text.split(',').map((e) => e.trim());
  for (const e of entries) {
    const [address, bits, extra] = e.split('/');
    const family = isIP(address);
    const okBits = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32));
    if (!PROXY_NAMES.has(e) && (!family || !okBits || extra !== undefined)) {
      throw new Error(`'${e}' is not an address, a CIDR or one of ${[...PROXY_NAMES].join(', ')}`);
    }
  }
  return entries;
}

/** OPERATOR_NETWORKS as a BlockList to test client addresses against (IPv4-mapped IPv6 included). */
export function redesOperativas(value: string): BlockList {
  const redes = new BlockList();
  for (const e of value.split(',').map((x) => x.trim()).filter(Boolean)) {
    const [address, bits] = e.split('/');
    const family = isIP(address);
    const max = family === 6 ? 128 : 32;
    if (!family || bits === undefined || !/^\d+$/.test(bits) || Number(bits) > max) throw new Error(`'${e}' is not a CIDR`);
    redes.addSubnet(address, Number(bits), family === 6 ? 'ipv6' : 'ipv4');
  }
  return redes;
}

/** Whether a client address falls in the operator networks (an IPv4-mapped IPv6 address counts as IPv4). */
export function enRedOperativa(redes: BlockList, ip: string): boolean {
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  if (v4) return redes.check(v4, 'ipv4');
  return isIP(ip) === 6 ? redes.check(ip, 'ipv6') : isIP(ip) === 4 && redes.check(ip, 'ipv4');
}
