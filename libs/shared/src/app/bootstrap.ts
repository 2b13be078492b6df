import { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { RedisStreamsServer } from '../bus';
import { AppConfig, ConfigError, loadConfig, redesOperativas, trustProxyOption } from '../config';
import { ErrorCodes, PROBLEM_CONTENT_TYPE, problemDocument, titleFor } from '../errors';
import { installLiveness, LifecycleState, ReadinessProbe } from '../health';
import { createRootLogger, PinoNestLogger } from '../logging';
import { collectProcessMetrics } from '../metrics';
import { installHttpObservability } from './http-observability';
import { limitJsonDepth } from './json-depth';

/** What an app's module factory gets: everything built before Nest starts. */
export interface AppContext {
  name: string;
  config: AppConfig;
  logger: Logger;
  lifecycle: LifecycleState;
  /** Readiness probes of the app's own dependencies; the module adds its own. */
  probes: ReadinessProbe[];
  busServer?: RedisStreamsServer;
}

export interface AppDefinition {
  /** App name as in apps/<name>; also the `service` of logs. */
  name: string;
  defaultPort: number;
  /** Bus service this app consumes requests and events for, if any. */
  busService?: string;
  module(ctx: AppContext): DynamicModule;
  /** Gateway-only setup (prefix, CORS, OpenAPI, pipes) before listen. */
  configure?(app: NestFastifyApplication, ctx: AppContext): Promise<void> | void;
}

export interface RunningApp {
  app: NestFastifyApplication;
  ctx: AppContext;
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Boots one app on Fastify: config validated, pino logs, metrics, health, and (for services)
 * the Redis Streams consumer. Used by each main.ts and by the tests, which boot apps in-process.
 */
export async function startApp(def: AppDefinition, env: NodeJS.ProcessEnv = process.env): Promise<RunningApp> {
  const config = loadConfig(env, { PORT: def.defaultPort });
  const logger = createRootLogger(def.name, config.LOG_LEVEL);
  collectProcessMetrics();
  const lifecycle = new LifecycleState();
  const busServer = def.busService
    ? new RedisStreamsServer({
        redisUrl: config.REDIS_URL,
        service: def.busService,
        keyPrefix: config.REDIS_KEY_PREFIX,
        claimIdleMs: config.BUS_CLAIM_IDLE_MS,
      })
    : undefined;
  const probes: ReadinessProbe[] = busServer ? [{ name: 'bus', check: () => busServer.isConsuming() }] : [];
  const ctx: AppContext = { name: def.name, config, logger, lifecycle, probes, busServer };

  // X-Forwarded-For only from the proxies configured: anyone else could choose their address.
  const adapter = new FastifyAdapter({
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: trustProxyOption(config.TRUSTED_PROXIES),
    frameworkErrors: routerError,
  });
  const app = await NestFactory.create<NestFastifyApplication>(def.module(ctx), adapter, {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });
  installHttpObservability(app.getHttpAdapter().getInstance(), logger, redesOperativas(config.OPERATOR_NETWORKS));
  installLiveness(app.getHttpAdapter().getInstance());
  limitJsonDepth(app.getHttpAdapter().getInstance());
  if (def.configure) await def.configure(app, ctx);
  if (busServer) {
    app.connectMicroservice({ strategy: busServer }, { inheritAppConfig: true });
    await app.startAllMicroservices();
  }
  await app.listen(config.PORT, config.HOST);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  lifecycle.markStarted();
  logger.info({ port }, `${def.name} listening`);

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      lifecycle.beginShutdown();
      await app.close();
    })());
  return { app, ctx, url: `http://127.0.0.1:${port}`, port, close };
}

/**
 * What Fastify's router refuses before any route runs (a path with broken percent-encoding)
 * is answered in the suite's one error shape too: 400 problem JSON, not Fastify's own JSON.
 */
function routerError(error: FastifyError, _req: unknown, reply: FastifyReply): void {
  const status = error.statusCode ?? 400;
  const code = status >= 500 ? ErrorCodes.INTERNAL : ErrorCodes.VALIDATION_FAILED;
  const detail = status >= 500 ? 'Error interno' : 'La URL no es válida';
  void reply
    .status(status)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send(problemDocument({ code, status, title: titleFor(status), detail }));
}

/** main.ts of every app: start, stop cleanly on SIGTERM/SIGINT, exit with a clear message on bad config. */
export function runMain(def: AppDefinition): void {
  startApp(def).then(
    (running) => {
      const stop = (signal: string) => {
        running.ctx.logger.info({ signal }, 'shutting down: readiness now fails, draining in-flight work');
        const drainMs = running.ctx.config.SHUTDOWN_DRAIN_MS;
        setTimeout(() => {
          running.close().then(
            () => process.exit(0),
            (err) => {
              running.ctx.logger.error({ err }, 'error during shutdown');
              process.exit(1);
            },
          );
        }, drainMs);
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    },
    (err) => {
      if (err instanceof ConfigError) {
        process.stderr.write(`${def.name}: ${err.message}\n`);
      } else {
        process.stderr.write(`${def.name}: failed to start: ${err?.stack ?? err}\n`);
      }
      process.exit(1);
    },
  );
}
