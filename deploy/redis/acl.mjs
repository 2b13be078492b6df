#!/usr/bin/env node
/**
 * The Redis ACL of the suite: one user per app with only the keys and commands its code uses,
 * and `default` off. This file is the one source of truth; docker compose runs it to write the
 * ACL file its Redis servers load, Kubernetes operators run it to get the file for their Redis,
 * and the ACL end-to-end test loads its output into a redis-server of its own.
 *
 *   REDIS_PASSWORD_GATEWAY=… REDIS_PASSWORD_DOCUMENTOS=… … node deploy/redis/acl.mjs [--prefix mesa:] [--out users.acl]
 *   node deploy/redis/acl.mjs --variables     # {"gateway":"REDIS_PASSWORD_GATEWAY",…}
 *
 * Passwords are written as SHA-256 hashes (`#<hex>`), never in clear. Every key pattern sits under
 * the prefix (REDIS_KEY_PREFIX, `mesa:` in deployments). Each user starts from `-@all`, so
 * FLUSHALL, FLUSHDB, CONFIG, KEYS, DEBUG, SHUTDOWN, ACL, MODULE, MONITOR… are refused to every app.
 *
 * Each group of keys is a selector `(~keys +commands)`: those commands on those keys only, so a
 * service that subscribes to an event stream can read it but not append to it. Commands without
 * keys (PING, INFO, SCRIPT LOAD…) are granted at the user's root.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** Event streams (libs/shared/src/contracts/services.ts, documentos-lecturas.contract.ts). */
const EVT = {
  DOCUMENTO_REGISTRADO: 'documento.registrado',
  DOCUMENTO_ACTUALIZADO: 'documento.actualizado',
  DOCUMENTO_ATENDIDO: 'documento.atendido',
  DOCUMENTO_LEIDO: 'documento.leido',
  DERIVACION_CREADA: 'derivacion.creada',
  DERIVACION_ACTUALIZADA: 'derivacion.actualizada',
  ARCHIVO_REGISTRADO: 'archivo.registrado',
};

/**
 * Every connection: ioredis's ready check (INFO) and connection names. node-redis's CLIENT SETINFO
 * is left out: it ignores that command's failure, and Redis 7.0 does not know it.
 */
const CONNECTION = ['ping', 'info', 'client|setname', 'quit'];
/** ioredis sends scripts as EVALSHA, falls back to EVAL, and checks/loads them before a pipeline. */
const SCRIPTS = ['evalsha', 'eval', 'script|load', 'script|exists'];

/**
 * A service's side of the bus (libs/shared/src/bus/redis-streams.server.ts). One XREADGROUP reads
 * its request stream and every event stream it subscribes to, so those keys share one selector
 * (a command's keys must all be allowed by one). The replies and their acks are one script over
 * the request stream and the callers' reply streams, `bus:rep:<this service>:<caller>:<random>`.
 * Consumer group names are not covered by ACLs: the user could read these streams under
 * another group's name.
 */
function busServer(service, events) {
  return [
    {
      keys: [`bus:req:${service}`, ...events.map((e) => `bus:evt:${e}`)],
      commands: ['xreadgroup', 'xgroup|create', 'xack', 'xclaim', 'xautoclaim', 'xpending', 'xinfo|groups'],
    },
    { keys: [`bus:req:${service}`, `bus:rep:${service}:*`], commands: [...SCRIPTS, 'xadd', 'xack'] },
  ];
}

/**
 * A caller of other services (redis-streams.client.ts): a script trims and appends to their
 * request streams (no read: it cannot see other callers' requests), and it keeps, reads and
 * deletes its own reply streams, named after the service called and the caller (BusClientsModule
 * passes the app's name), so no caller reaches another's replies.
 */
function busClient(caller, targets) {
  return [
    { keys: targets.map((t) => `bus:req:${t}`), commands: [...SCRIPTS, 'xtrim', 'xadd'] },
    { keys: targets.map((t) => `bus:rep:${t}:${caller}:*`), commands: [...SCRIPTS, 'exists', 'xadd', 'pexpire', 'xread', 'del'] },
  ];
}

/** Events the app writes: its outbox relay (outbox.relay.ts) or `emit()`; XADD only. */
function emits(events) {
  return { keys: events.map((e) => `bus:evt:${e}`), commands: ['xadd'] };
}

/**
 * The cache (libs/shared/src/cache): `cache:ver:<namespace>` and `cache:<namespace>:…`.
 * Namespaces carry no service name, so every app with a cache reaches every namespace.
 */
const CACHE = { keys: ['cache:*'], commands: ['get', 'set', 'mget', 'del', 'unlink', 'exists', 'incr'] };

/**
 * BullMQ 6 (libs/shared/src/queue): keys `bull:<queue>:…` of the queues the app produces to or
 * works. BullMQ publishes no list of the commands it needs (taskforcesh/bullmq#2809, #4757; its
 * maintainers point to the calls in its Lua scripts), so the list below is every command those
 * scripts call (node_modules/bullmq/dist/cjs/scripts) plus what its classes send outside them:
 * workers block on BZPOPMIN, connections are named with CLIENT SETNAME. It is wide in commands
 * but held to the queues' keys. No CONFIG: BullMQ reads the eviction policy from INFO. Not
 * granted: CLIENT LIST, which only `getWorkers()` needs and the suite does not call.
 */
function queues(names) {
  return {
    keys: names.map((q) => `bull:${q}:*`),
    commands: [
      ...SCRIPTS,
      'multi', 'exec', 'time', 'type', 'bzpopmin', 'client|info',
      'get', 'set', 'del', 'unlink', 'exists', 'incr', 'incrby', 'rename', 'pexpire', 'pexpireat', 'pttl',
      'hget', 'hset', 'hmset', 'hmget', 'hgetall', 'hdel', 'hexists', 'hincrby', 'hlen', 'hscan',
      'lpush', 'rpush', 'lpop', 'rpop', 'rpoplpush', 'lrem', 'lrange', 'llen', 'lindex', 'lset', 'ltrim', 'lpos',
      'sadd', 'srem', 'smembers', 'sismember', 'scard', 'sscan',
      'zadd', 'zrem', 'zcard', 'zcount', 'zscore', 'zpopmin', 'zlexcount', 'zrange', 'zrevrange', 'zrangebyscore',
      'zrevrangebyscore', 'zrangebylex', 'zremrangebyscore', 'zremrangebyrank',
      'xadd', 'xtrim', 'xread', 'xrange', 'xlen', 'xdel',
    ],
  };
}

const Q = {
  EXCEL: 'generar_reporte_excel',
  PDF: 'generar_reporte_pdf',
  ARCHIVO: 'procesar_archivo_adjunto',
  NOTIFICACIONES: 'enviar_notificaciones_masivas',
  SINCRONIZAR: 'sincronizar_documento_externo',
  PIDE_CARGO: 'pide_cargo',
  PIDE_ENVIO: 'pide_envio',
};

/**
 * What each app touches, as (keys, commands) pairs: the union over its bus, cache and queue roles,
 * so one user serves the app on every Redis (compose and k8s run the bus and queues on one, the
 * cache on another).
 */
export const APP_ACCESS = {
  gateway: [
    busClient('gateway', ['documentos', 'derivaciones', 'integraciones', 'reportes']),
    emits([EVT.DOCUMENTO_LEIDO]),
    // Rate-limit counters (apps/gateway/src/rate-limit/contador-por-lotes.ts): one script of INCRBY/PTTL/PEXPIRE/SET.
    { keys: ['ratelimit:*'], commands: [...SCRIPTS, 'incrby', 'pttl', 'pexpire', 'set'] },
    // Reads documentos-service's cached details and signature summaries (CacheService.peek, the
    // namespaces of DOCUMENTO_DETALLE_CACHE and DOCUMENTO_FIRMAS_CACHE), never writes an entry; it
    // may seed a namespace's version as any cache reader does.
    { keys: ['cache:ver:documento', 'cache:ver:documento:firmas'], commands: ['get', 'set'] },
    { keys: ['cache:documento:*'], commands: ['get'] },
    // Sign-in limits and lockouts (apps/gateway/src/auth/login.limiter.ts): two scripts.
    { keys: ['login:*'], commands: [...SCRIPTS, 'incr', 'decr', 'pexpire', 'pttl', 'set', 'del'] },
  ],
  'documentos-service': [
    busServer('documentos', [EVT.DERIVACION_CREADA, EVT.DERIVACION_ACTUALIZADA, EVT.DOCUMENTO_LEIDO]),
    emits([EVT.DOCUMENTO_REGISTRADO, EVT.DOCUMENTO_ACTUALIZADO, EVT.DOCUMENTO_ATENDIDO, EVT.ARCHIVO_REGISTRADO]),
    CACHE,
  ],
  'derivaciones-service': [
    busServer('derivaciones', [EVT.DOCUMENTO_REGISTRADO, EVT.DOCUMENTO_ACTUALIZADO]),
    busClient('derivaciones-service', ['documentos']),
    emits([EVT.DERIVACION_CREADA, EVT.DERIVACION_ACTUALIZADA]),
    CACHE,
  ],
  'integraciones-service': [
    busServer('integraciones', [EVT.DOCUMENTO_REGISTRADO, EVT.DERIVACION_CREADA, EVT.DOCUMENTO_ATENDIDO]),
    busClient('integraciones-service', ['documentos']),
    CACHE,
    queues([Q.SINCRONIZAR, Q.PIDE_CARGO, Q.PIDE_ENVIO]),
    // Inbound limit per integration (apps/integraciones-service/src/entrante/limite-entrante.ts).
    { keys: ['integraciones:limite:*'], commands: ['multi', 'exec', 'incr', 'pexpire'] },
  ],
  'reportes-worker': [
    busServer('reportes', [EVT.ARCHIVO_REGISTRADO]),
    busClient('reportes-worker', ['documentos', 'derivaciones']),
    CACHE,
    queues([Q.EXCEL, Q.PDF, Q.ARCHIVO, Q.NOTIFICACIONES]),
  ],
  'perf-monitor': [
    CACHE,
    // Audit stream of cache clears and the benchmark's throwaway key (apps/perf-monitor/src).
    { keys: ['perf:auditoria'], commands: ['xadd'] },
    { keys: ['perf:benchmark:*'], commands: ['set', 'get', 'del'] },
    // Cache statistics and the list of namespaces in use (an admin action). SCAN has no key
    // argument, so it can list every key name of the database, not only the cache's.
    { keys: [], commands: ['dbsize', 'scan'] },
  ],
};

export const APPS = Object.keys(APP_ACCESS);

/** The environment variable holding an app's Redis password: REDIS_PASSWORD_DOCUMENTOS… */
export function passwordVariable(app) {
  return `REDIS_PASSWORD_${app.replace(/-(service|worker|monitor)$/, '').toUpperCase().replace(/-/g, '_')}`;
}

/** The ACL rules of one app (no password), keys under `prefix`. */
export function aclRules(app, prefix) {
  const access = APP_ACCESS[app]?.flat();
  if (!access) throw new Error(`No Redis ACL for app ${app}`);
  const keyless = access.filter((a) => a.keys.length === 0).flatMap((a) => a.commands);
  const root = [...new Set([...CONNECTION, ...keyless])].map((c) => `+${c}`);
  const selectors = access
    .filter((a) => a.keys.length > 0)
    .map((a) => `(${[...a.keys.map((k) => `~${prefix}${k}`), ...a.commands.map((c) => `+${c}`)].join(' ')})`);
  return ['resetkeys', 'resetchannels', '-@all', ...root, ...selectors];
}

/** The ACL file: `default` off, one user per app with its password as a SHA-256 hash. */
export function aclFile({ prefix, passwords }) {
  const lines = ['user default off resetkeys resetchannels -@all'];
  for (const app of APPS) {
    const password = passwords[app];
    if (!password) throw new Error(`${passwordVariable(app)} is empty: every app needs a Redis password`);
    const hash = createHash('sha256').update(password).digest('hex');
    lines.push(['user', app, 'reset', 'on', `#${hash}`, ...aclRules(app, prefix)].join(' '));
  }
  return `${lines.join('\n')}\n`;
}

function main(argv) {
  const arg = (name, fallback) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : fallback;
  };
  if (argv.includes('--variables')) {
    process.stdout.write(`${JSON.stringify(Object.fromEntries(APPS.map((app) => [app, passwordVariable(app)])))}\n`);
    return;
  }
  const prefix = arg('--prefix', process.env.REDIS_KEY_PREFIX ?? 'mesa:');
  const passwords = Object.fromEntries(APPS.map((app) => [app, process.env[passwordVariable(app)] ?? '']));
  const text = aclFile({ prefix, passwords });
  const out = arg('--out');
  if (out) writeFileSync(out, text, { mode: 0o644 });
  else process.stdout.write(text);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    main(process.argv.slice(2));
  } catch (err) {
    console.error(err.message);
    process.exit(1);
  }
}
