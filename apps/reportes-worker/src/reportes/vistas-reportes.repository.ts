import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import { DataSource } from 'typeorm';
import { timedDb } from '@mesa/shared/database';
import type { Sentencia } from './vistas-reportes.queries';

/** Rows fetched per round trip of the cursor: memory stays at one batch whatever the report's size. */
const LOTE_CURSOR = 500;

/**
 * Read-only access to the views reports cover (statements from vistas-reportes.queries.ts).
 * Every one runs in a READ ONLY transaction, so this class cannot write another service's data
 * even by mistake; rows come through a server-side cursor (pg-query-stream) rather than
 * hydrated entities.
 */
@Injectable()
export class VistasReportesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Small aggregates (summary figures, counts). */
  async consultar<T>(operacion: string, s: Sentencia, limiteMs: number): Promise<T[]> {
    return timedDb(`reportes.${operacion}`, () =>
      this.enTransaccion(limiteMs, async (client) => (await client.query(s.sql, s.params)).rows as T[]),
    );
  }

  /**
   * Streams the rows of `s` to `fila`, awaiting it (backpressure). `signal` destroys the cursor:
   * an aborted report stops reading at once.
   */
  async recorrer(s: Sentencia, limiteMs: number, signal: AbortSignal, fila: (row: Record<string, unknown>) => void | Promise<void>): Promise<number> {
    return timedDb('reportes.stream_rows', () =>
      this.enTransaccion(limiteMs, async (client) => {
        const stream = client.query(new QueryStream(s.sql, s.params, { batchSize: LOTE_CURSOR }));
        const abortar = () => stream.destroy(signal.reason instanceof Error ? signal.reason : new Error('abortado'));
        signal.addEventListener('abort', abortar, { once: true });
        let n = 0;
        try {
          for await (const row of stream) {
            await fila(row as Record<string, unknown>);
            n++;
          }
        } finally {
          signal.removeEventListener('abort', abortar);
        }
        if (signal.aborted) throw signal.reason;
        return n;
      }),
    );
  }

  /** A pooled connection in a READ ONLY transaction whose statements may run up to the job's limit. */
  private async enTransaccion<T>(limiteMs: number, fn: (client: PoolClient) => Promise<T>): Promise<T> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    const client = (runner as unknown as { databaseConnection: PoolClient }).databaseConnection;
    try {
      await client.query('BEGIN READ ONLY');
      await client.query(`SET LOCAL statement_timeout = ${Math.max(1, Math.floor(limiteMs))}`);
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      await runner.release();
    }
  }
}
