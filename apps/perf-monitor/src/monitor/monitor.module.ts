import { Inject, Injectable, OnApplicationShutdown, Provider } from '@nestjs/common';
import Redis from 'ioredis';
import type { Logger } from 'pino';
import { APP_CONFIG, APP_LOGGER } from '@mesa/shared/app';
import type { AppConfig } from '@mesa/shared/config';
import { MetricsSource } from '../sources/metrics.source';
import { MonitoredApp, parseMonitoredApps } from '../sources/monitored-apps';
import { PrometheusSource } from '../sources/prometheus.source';
import { ScrapeSource } from '../sources/scrape.source';

export const MONITORED_APPS = Symbol('MONITORED_APPS');

/** The Redis roles of the suite, each as its own client: the bus, the cache and the queues. */
export type RedisRole = 'bus' | 'cache' | 'queue';

const PING_TIMEOUT_MS = 1000;

/**
 * One client per Redis role, for health, cache statistics and cache clearing. No offline
 * queue: while a Redis is down a command fails at once, and the client reconnects by itself.
 */
@Injectable()
export class RedisRoles implements OnApplicationShutdown {
  private readonly clients = new Map<RedisRole, Redis>();
  readonly keyPrefix: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.keyPrefix = config.REDIS_KEY_PREFIX;
    const urls: Record<RedisRole, string> = {
      bus: config.REDIS_URL,
      cache: config.CACHE_REDIS_URL ?? config.REDIS_URL,
      queue: config.QUEUE_REDIS_URL ?? config.REDIS_URL,
    };
    for (const [role, url] of Object.entries(urls) as Array<[RedisRole, string]>) {
      const client = new Redis(url, {
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        connectTimeout: PING_TIMEOUT_MS,
        retryStrategy: (attempt) => Math.min(attempt * 200, 1000),
        lazyConnect: false,
      });
      client.on('error', () => undefined);
      this.clients.set(role, client);
    }
  }

  client(role: RedisRole): Redis {
    return this.clients.get(role) as Redis;
  }

  /** PING with a bound on the wait; null when it does not answer. */
  async ping(role: RedisRole): Promise<number | null> {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.client(role).ping(),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), PING_TIMEOUT_MS))),
      ]);
      return performance.now() - started;
    } catch {
      return null;
    } finally {
      clearTimeout(timer);
    }
  }

  onApplicationShutdown() {
    for (const client of this.clients.values()) client.disconnect();
  }
}

/** Prometheus when PROMETHEUS_URL is set, else scraping the apps' /metrics from here. */
@Injectable()
export class MetricsSourceHolder implements OnApplicationShutdown {
  readonly source: MetricsSource;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(APP_LOGGER) logger: Logger,
    @Inject(MONITORED_APPS) apps: MonitoredApp[],
  ) {
    if (config.PROMETHEUS_URL) {
      this.source = new PrometheusSource(config.PROMETHEUS_URL.replace(/\/$/, ''));
    } else {
      const scrape = new ScrapeSource(apps, config.PERF_SCRAPE_INTERVAL_MS, logger);
      scrape.start();
      this.source = scrape;
    }
  }

  onApplicationShutdown() {
    if (this.source instanceof ScrapeSource) this.source.stop();
  }
}

export const monitorProviders: Provider[] = [
  {
    provide: MONITORED_APPS,
    inject: [APP_CONFIG],
    useFactory: (config: AppConfig) => parseMonitoredApps(config.MONITORED_APPS),
  },
  RedisRoles,
  MetricsSourceHolder,
];
