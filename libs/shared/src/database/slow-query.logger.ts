import type { Logger as PinoLogger } from 'pino';
import type { Logger as TypeOrmLogger, QueryRunner } from 'typeorm';
import { dbSlowQueries, dbSlowQuerySeqScans } from '../metrics/http-metrics';
import { currentDbOperation } from './db-operation';
import { seqScans } from './plan-scans';

/**
 * TypeORM logger that counts slow queries by operation and logs them with their plan
 * (EXPLAIN VERBOSE without ANALYZE, so the statement is not run twice; VERBOSE names the
 * schema of each scanned table). Parameters are never logged:
 * they may hold personal data.
 */
export class SlowQueryLogger implements TypeOrmLogger {
  constructor(private readonly logger: PinoLogger) {}

  logQuerySlow(time: number, query: string, parameters?: unknown[], queryRunner?: QueryRunner) {
    const operation = currentDbOperation();
    dbSlowQueries.inc({ operation });
    const plan = /^\s*(select|with)\b/i.test(query) && queryRunner
      ? queryRunner.connection
          .query(`EXPLAIN (VERBOSE, FORMAT JSON) ${query}`, parameters)
          .then((rows: Array<Record<string, unknown>>) => rows[0]?.['QUERY PLAN'])
          .catch(() => undefined)
      : Promise.resolve(undefined);
    void plan.then((p) => {
      for (const scan of seqScans(p)) dbSlowQuerySeqScans.inc({ operation, table: scan.table, columns: scan.columns.join(',') });
      this.logger.warn({ operation, durationMs: time, query: query.slice(0, 2000), plan: p }, 'slow query');
    });
  }
  logQueryError(error: string | Error, query: string) {
    this.logger.error({ operation: currentDbOperation(), err: error, query: query.slice(0, 2000) }, 'query failed');
  }
  logQuery() {
    // Every query is already timed by timedDb; logging each one would flood the logs.
  }
  logSchemaBuild() {
    // Services never build the schema (migrations only).
  }
  logMigration(message: string) {
    this.logger.info({ migration: message });
  }
  log(level: 'log' | 'info' | 'warn', message: unknown) {
    if (level === 'warn') this.logger.warn({ typeorm: message });
  }
}
