import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { EntitySchema } from 'typeorm';
import type { AppConfig } from '../config';
import { SlowQueryLogger } from './slow-query.logger';

export interface DatabaseModuleOptions {
  config: AppConfig;
  service: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: Array<Function | EntitySchema>;
  logger: Logger;
}

/**
 * TypeORM on PostgreSQL with a bounded pool and timeouts from config. Schema changes are
 * migrations only (`npm run db:migrate`); no service synchronizes.
 */
@Module({})
export class DatabaseModule {
  static forRoot(o: DatabaseModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: o.config.DATABASE_URL,
          entities: o.entities,
          synchronize: false,
          migrationsRun: false,
          maxQueryExecutionTime: o.config.DB_SLOW_QUERY_MS,
          logger: new SlowQueryLogger(o.logger),
          applicationName: o.service,
          poolSize: o.config.DB_POOL_SIZE,
          extra: {
            max: o.config.DB_POOL_SIZE,
            connectionTimeoutMillis: o.config.DB_CONNECT_TIMEOUT_MS,
            statement_timeout: o.config.DB_STATEMENT_TIMEOUT_MS,
            idle_in_transaction_session_timeout: o.config.DB_STATEMENT_TIMEOUT_MS * 2,
          },
          retryAttempts: 3,
          retryDelay: 1000,
        }),
      ],
      exports: [TypeOrmModule],
    };
  }
}
