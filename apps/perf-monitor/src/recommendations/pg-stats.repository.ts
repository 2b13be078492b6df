import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { timedDb } from '@mesa/shared/database';

export interface UnusedIndexRow {
  schema: string;
  table: string;
  index: string;
  idx_scan: string;
  bytes: string;
  definition: string;
}
export interface RedundantIndexRow {
  schema: string;
  table: string;
  index: string;
  covered_by: string;
  bytes: string;
  definition: string;
  covering_definition: string;
}
export interface SeqScanTableRow {
  schema: string;
  table: string;
  seq_scan: string;
  seq_tup_read: string;
  idx_scan: string | null;
  live_rows: string;
}
export interface StatementRow {
  query: string;
  calls: string;
  mean_ms: number;
  max_ms: number;
  total_ms: number;
  rows: string;
}

const SYSTEM_SCHEMAS = `('pg_catalog', 'information_schema', 'pg_toast')`;

/**
 * PostgreSQL as perf-monitor reads it: the statistics views, for advice (counters run since the
 * last stats reset), and the round trips /health and /benchmark time.
 */
@Injectable()
export class PgStatsRepository {
  private statementsChecked?: Promise<boolean>;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Non-unique indexes never scanned (a unique or primary key index enforces a rule even when unread). */
  unusedIndexes(): Promise<UnusedIndexRow[]> {
    return timedDb('perf.unused_indexes', () =>
      this.db.query(`
        SELECT s.schemaname AS schema, s.relname AS table, s.indexrelname AS index, s.idx_scan::text,
               pg_relation_size(s.indexrelid)::text AS bytes, pg_get_indexdef(s.indexrelid) AS definition
          FROM pg_stat_user_indexes s
          JOIN pg_index i ON i.indexrelid = s.indexrelid
         WHERE s.idx_scan = 0 AND NOT i.indisunique AND NOT i.indisprimary
           AND s.schemaname NOT IN ${SYSTEM_SCHEMAS}
         ORDER BY pg_relation_size(s.indexrelid) DESC, s.indexrelname
         LIMIT 100`),
    );
  }

  /**
   * A non-unique btree index whose columns (and operator classes) are the leading columns of
   * another index of the same table, neither partial nor on expressions: the longer one serves
   * every read the shorter one does.
   */
  redundantIndexes(): Promise<RedundantIndexRow[]> {
    return timedDb('perf.redundant_indexes', () =>
      this.db.query(`
        SELECT n.nspname AS schema, t.relname AS table, ia.relname AS index, ib.relname AS covered_by,
               pg_relation_size(a.indexrelid)::text AS bytes,
               pg_get_indexdef(a.indexrelid) AS definition, pg_get_indexdef(b.indexrelid) AS covering_definition
          FROM pg_index a
          JOIN pg_index b ON b.indrelid = a.indrelid AND b.indexrelid <> a.indexrelid
          JOIN pg_class ia ON ia.oid = a.indexrelid
          JOIN pg_class ib ON ib.oid = b.indexrelid
          JOIN pg_class t ON t.oid = a.indrelid
          JOIN pg_namespace n ON n.oid = t.relnamespace
         WHERE NOT a.indisunique AND NOT a.indisprimary
           AND a.indpred IS NULL AND b.indpred IS NULL AND a.indexprs IS NULL AND b.indexprs IS NULL
           AND ia.relam = ib.relam AND ia.relam = (SELECT oid FROM pg_am WHERE amname = 'btree')
           AND n.nspname NOT IN ${SYSTEM_SCHEMAS}
           AND (b.indkey::text LIKE a.indkey::text || ' %' OR (b.indkey::text = a.indkey::text AND a.indexrelid > b.indexrelid))
           AND (b.indclass::text LIKE a.indclass::text || ' %' OR b.indclass::text = a.indclass::text)
         ORDER BY n.nspname, t.relname, ia.relname
         LIMIT 100`),
    );
  }

  /** Tables read mostly by sequential scans that each read many rows. */
  seqScanHeavyTables(minScans: number, minRowsPerScan: number): Promise<SeqScanTableRow[]> {
    return timedDb('perf.seq_scan_tables', () =>
      this.db.query(
        `SELECT schemaname AS schema, relname AS table, seq_scan::text, seq_tup_read::text, idx_scan::text, n_live_tup::text AS live_rows
           FROM pg_stat_user_tables
          WHERE schemaname NOT IN ${SYSTEM_SCHEMAS}
            AND seq_scan >= $1 AND seq_tup_read / GREATEST(seq_scan, 1) >= $2
            AND seq_scan > COALESCE(idx_scan, 0)
          ORDER BY seq_tup_read DESC
          LIMIT 50`,
        [minScans, minRowsPerScan],
      ),
    );
  }

  /** One round trip, for the health report and the benchmark. */
  ping(): Promise<unknown> {
    return timedDb('perf.ping', () => this.db.query('SELECT 1'));
  }

  /** The planner's estimate of live rows in every user table: a cheap read of the statistics. */
  liveRowsEstimate(): Promise<unknown> {
    return timedDb('perf.live_rows_estimate', () => this.db.query(`SELECT sum(n_live_tup) FROM pg_stat_user_tables`));
  }

  /** pg_stat_statements answers only when the server preloads it and this database has the extension. */
  statementsAvailable(): Promise<boolean> {
    this.statementsChecked ??= (async () => {
      const [{ preload }] = await this.db.query(`SELECT current_setting('shared_preload_libraries') AS preload`);
      if (
        !String(preload)
          .split(',')
          .map((s) => s.trim())
          .includes('pg_stat_statements')
      )
        return false;
      await this.db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements').catch(() => undefined);
      return this.db
        .query('SELECT 1 FROM pg_stat_statements LIMIT 1')
        .then(() => true)
        .catch(() => false);
    })().catch(() => false);
    return this.statementsChecked;
  }

  /** Statements of this database whose slowest run reached `thresholdMs`, the costliest first. */
  slowStatements(thresholdMs: number, limit: number): Promise<StatementRow[]> {
    return timedDb('perf.slow_statements', () =>
      this.db.query(
        `SELECT query, calls::text, mean_exec_time AS mean_ms, max_exec_time AS max_ms, total_exec_time AS total_ms, rows::text
           FROM pg_stat_statements
          WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
            AND max_exec_time >= $1
            AND query !~* 'pg_stat_statements'
          ORDER BY total_exec_time DESC
          LIMIT $2`,
        [thresholdMs, limit],
      ),
    );
  }

  /** Statements that read `schema.table`, for the columns they filter on. */
  statementsOn(table: string, limit: number): Promise<Array<{ query: string; calls: string }>> {
    return timedDb('perf.statements_on_table', () =>
      this.db.query(
        `SELECT query, calls::text FROM pg_stat_statements
          WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
            AND query ~* $1
          ORDER BY total_exec_time DESC LIMIT $2`,
        [`\\m${table.replace(/[^a-z0-9_]/gi, '')}\\M`, limit],
      ),
    );
  }
}

/** Columns compared in a statement's WHERE clause (pg_stat_statements text: values are $n). */
export function whereColumns(query: string): string[] {
  const where = /\bwhere\b([\s\S]*?)(\border\s+by\b|\bgroup\s+by\b|\blimit\b|\breturning\b|$)/i.exec(query)?.[1] ?? '';
  const columns = new Set<string>();
  for (const m of where.matchAll(
    /(?:"?[a-z_][a-z0-9_]*"?\.)?"?([a-z_][a-z0-9_]*)"?\s*(?:=|<>|!=|<=|>=|<|>|\bi?like\b|\bin\b|\bis\b|\bbetween\b|@@|%)/gi,
  )) {
    const name = m[1].toLowerCase();
    if (!['and', 'or', 'not', 'null'].includes(name)) columns.add(name);
  }
  return [...columns].sort();
}
