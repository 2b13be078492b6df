import { DynamicModule, Inject, Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OutboxRelay } from '../bus';
import { AppCacheModule } from '../cache';
import type { AppConfig } from '../config';
import type { ReadinessProbe } from '../health';
import { DatabaseModule, DatabaseModuleOptions, registerPoolMetrics } from '../database';
import type { AppContext } from './bootstrap';
import { APP_CONFIG, CoreModule } from './core.module';

/** The cache of the design on its own Redis role (CACHE_REDIS_URL, else the bus Redis). */
export function cacheModuleFor(config: AppConfig): DynamicModule {
  return AppCacheModule.forRoot({
    redisUrl: config.CACHE_REDIS_URL ?? config.REDIS_URL,
    keyPrefix: config.REDIS_KEY_PREFIX,
    enabled: config.CACHE_ENABLED,
    commandTimeoutMs: config.CACHE_COMMAND_TIMEOUT_MS,
  });
}

const OUTBOX_SCHEMA = Symbol('OUTBOX_SCHEMA');

/** Relays the service's outbox table to the event streams for as long as the app runs. */
@Injectable()
class OutboxRelayRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private relay?: OutboxRelay;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(OUTBOX_SCHEMA) private readonly schema: string,
  ) {}

  async onApplicationBootstrap() {
    registerPoolMetrics(this.db, this.schema);
    this.relay = new OutboxRelay({
      dataSource: this.db,
      schema: this.schema,
      redisUrl: this.config.REDIS_URL,
      keyPrefix: this.config.REDIS_KEY_PREFIX,
    });
    await this.relay.start();
  }

  async onApplicationShutdown() {
    await this.relay?.stop();
  }
}

@Module({})
class OutboxRelayModule {
  static forSchema(schema: string): DynamicModule {
    return { module: OutboxRelayModule, providers: [{ provide: OUTBOX_SCHEMA, useValue: schema }, OutboxRelayRunner] };
  }
}

/**
 * What every app with data of its own imports: config, logger and health; its entities on a
 * bounded pool; the cache; and, when it publishes events, the relay of its outbox. `probes` are
 * readiness checks of further dependencies (the queue Redis of a worker).
 */
export function serviceInfrastructure(
  ctx: AppContext,
  o: { entities: DatabaseModuleOptions['entities']; outboxSchema?: string; probes?: ReadinessProbe[] },
): DynamicModule[] {
  return [
    CoreModule.forRoot(ctx, o.probes),
    DatabaseModule.forRoot({ config: ctx.config, service: ctx.name, entities: o.entities, logger: ctx.logger }),
    cacheModuleFor(ctx.config),
    ...(o.outboxSchema ? [OutboxRelayModule.forSchema(o.outboxSchema)] : []),
  ];
}
