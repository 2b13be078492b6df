import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@mesa/shared/app';
import type { AppConfig } from '@mesa/shared/config';
import { MetricsSourceHolder, RedisRoles } from '../monitor/monitor.module';
import { hitRates, poolUsage } from '../summary/summary.service';
import { PgStatsRepository, whereColumns } from './pg-stats.repository';

export interface Recommendation {
  category: 'index' | 'query' | 'cache' | 'pool';
  kind:
    | 'unused_index'
    | 'redundant_index'
    | 'seq_scan_heavy_table'
    | 'cache_hit_rate_low'
    | 'cache_memory_high'
    | 'pool_saturation';
  priority: 'high' | 'medium' | 'low';
  title: string;
  action: string;
  figures: Record<string, unknown>;
}

/** A table counts as sequential-scan heavy from this many scans averaging this many rows read. */
const MIN_SEQ_SCANS = 20;
const MIN_ROWS_PER_SEQ_SCAN = 1000;
/** Hit rates of fewer lookups than this say nothing yet. */
const MIN_CACHE_LOOKUPS = 20;
/** The window over which cache and pool figures are judged. */
const WINDOW_SECONDS = 3600;

const n = (text: string | null) => (text === null ? null : Number(text));

/**
 * GET /optimization/recommendations: advice computed from PostgreSQL's statistics and the apps'
 * metrics at the time of the request, each item with the figures that triggered it.
 */
@Injectable()
export class RecommendationsService {
  constructor(
    private readonly pg: PgStatsRepository,
    private readonly holder: MetricsSourceHolder,
    private readonly redis: RedisRoles,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async recommendations() {
    await this.holder.source.refresh();
    // Advice from the metrics needs the metrics source; without it, PostgreSQL's advice still stands.
    const unavailable: string[] = [];
    const fromMetrics = (part: string, work: Promise<Recommendation[]>) =>
      work.catch(() => {
        unavailable.push(part);
        return [];
      });
    const groups = await Promise.all([
      this.indexes(),
      this.seqScans(),
      fromMetrics('cache', this.cache()),
      fromMetrics('pool', this.pools()),
    ]);
    const order = { high: 0, medium: 1, low: 2 };
    return {
      generatedAt: new Date().toISOString(),
      source: this.holder.source.kind,
      unavailable: unavailable.sort(),
      recommendations: groups.flat().sort((a, b) => order[a.priority] - order[b.priority]),
    };
  }

  private async indexes(): Promise<Recommendation[]> {
    const [unused, redundant] = await Promise.all([this.pg.unusedIndexes(), this.pg.redundantIndexes()]);
    return [
      ...unused.map(
        (r): Recommendation => ({
          category: 'index',
          kind: 'unused_index',
          priority: Number(r.bytes) > 64 * 1024 * 1024 ? 'medium' : 'low',
          title: `Índice sin uso: ${r.schema}.${r.index}`,
          action: `Ningún plan lo usó desde el último reinicio de estadísticas; si ninguna consulta lo necesita, DROP INDEX ${r.schema}.${r.index} ahorra ${r.bytes} bytes y trabajo en cada escritura.`,
          figures: {
            schema: r.schema,
            table: r.table,
            index: r.index,
            idxScan: Number(r.idx_scan),
            sizeBytes: Number(r.bytes),
            definition: r.definition,
          },
        }),
      ),
      ...redundant.map(
        (r): Recommendation => ({
          category: 'index',
          kind: 'redundant_index',
          priority: 'medium',
          title: `Índice redundante: ${r.schema}.${r.index} es prefijo de ${r.covered_by}`,
          action: `${r.covered_by} sirve todas las lecturas de ${r.index}; eliminarlo aligera las escrituras de ${r.schema}.${r.table}.`,
          figures: {
            schema: r.schema,
            table: r.table,
            index: r.index,
            coveredBy: r.covered_by,
            sizeBytes: Number(r.bytes),
            definition: r.definition,
            coveringDefinition: r.covering_definition,
          },
        }),
      ),
    ];
  }

  /** Seq-scan heavy tables with the columns their statements (or the apps' slow-query plans) filter on. */
  private async seqScans(): Promise<Recommendation[]> {
    const [tables, statements, scans] = await Promise.all([
      this.pg.seqScanHeavyTables(MIN_SEQ_SCANS, MIN_ROWS_PER_SEQ_SCAN),
      this.pg.statementsAvailable(),
      this.holder.source
        .increase('db_slow_query_seq_scans_total', ['table', 'columns'], WINDOW_SECONDS)
        .catch(() => []),
    ]);
    return Promise.all(
      tables.map(async (t): Promise<Recommendation> => {
        const qualified = `${t.schema}.${t.table}`;
        const columns = new Map<string, number>();
        let columnsFrom: 'pg_stat_statements' | 'metrics' | null = null;
        if (statements) {
          for (const s of await this.pg.statementsOn(t.table, 20)) {
            for (const c of whereColumns(s.query)) columns.set(c, (columns.get(c) ?? 0) + Number(s.calls));
          }
          if (columns.size) columnsFrom = 'pg_stat_statements';
        }
        for (const r of scans) {
          if (r.labels.table !== qualified && r.labels.table !== t.table) continue;
          for (const c of (r.labels.columns ?? '').split(',').filter(Boolean))
            columns.set(c, (columns.get(c) ?? 0) + r.value);
          columnsFrom ??= 'metrics';
        }
        const filterColumns = [...columns].sort((a, b) => b[1] - a[1]).map(([c]) => c);
        const seqScan = Number(t.seq_scan);
        const rowsPerScan = Math.round(Number(t.seq_tup_read) / Math.max(seqScan, 1));
        return {
          category: 'query',
          kind: 'seq_scan_heavy_table',
          priority: rowsPerScan >= 100_000 ? 'high' : 'medium',
          title: `Lecturas secuenciales frecuentes en ${qualified}`,
          action: filterColumns.length
            ? `Las consultas filtran por ${filterColumns.join(', ')}: un índice en esas columnas evitaría leer la tabla entera.`
            : 'Revise qué consultas leen la tabla entera (log de consultas lentas con su plan).',
          figures: {
            schema: t.schema,
            table: t.table,
            seqScan,
            seqTupRead: Number(t.seq_tup_read),
            rowsPerSeqScan: rowsPerScan,
            idxScan: n(t.idx_scan),
            liveRows: Number(t.live_rows),
            filterColumns,
            filterColumnsFrom: columnsFrom,
          },
        };
      }),
    );
  }

  private async cache(): Promise<Recommendation[]> {
    const minRate = this.config.PERF_CACHE_HIT_RATE_MIN_PERCENT / 100;
    const rows = hitRates(
      await this.holder.source.increase('cache_requests_total', ['namespace', 'result'], WINDOW_SECONDS),
    );
    const out: Recommendation[] = rows
      .filter((r) => r.lookups >= MIN_CACHE_LOOKUPS && r.hitRate !== null && r.hitRate < minRate)
      .map((r) => ({
        category: 'cache',
        kind: 'cache_hit_rate_low',
        priority: (r.hitRate ?? 0) < minRate / 2 ? 'high' : 'medium',
        title: `Caché ${r.namespace} de ${r.app}: ${(100 * (r.hitRate ?? 0)).toFixed(1)} % de aciertos`,
        action: 'Revise el TTL del espacio de nombres y qué lo invalida: se invalida más de lo que se lee.',
        figures: { ...r, windowSeconds: WINDOW_SECONDS, thresholdPercent: this.config.PERF_CACHE_HIT_RATE_MIN_PERCENT },
      }));
    const memory = await this.cacheMemoryBytes();
    const maxBytes = this.config.PERF_CACHE_MEMORY_MAX_MB * 1024 * 1024;
    if (memory !== null && memory > maxBytes) {
      out.push({
        category: 'cache',
        kind: 'cache_memory_high',
        priority: 'medium',
        title: `La Redis de caché usa ${(memory / 1024 / 1024).toFixed(1)} MB`,
        action: 'Acorte TTLs o configure maxmemory con una política volatile-* en la Redis de caché.',
        figures: { usedMemoryBytes: memory, thresholdMb: this.config.PERF_CACHE_MEMORY_MAX_MB },
      });
    }
    return out;
  }

  private async cacheMemoryBytes(): Promise<number | null> {
    try {
      const info = await this.redis.client('cache').info('memory');
      const used = /^used_memory:(\d+)/m.exec(info)?.[1];
      return used === undefined ? null : Number(used);
    } catch {
      return null;
    }
  }

  private async pools(): Promise<Recommendation[]> {
    const s = this.holder.source;
    const [used, max, pending] = await Promise.all([
      s.current('db_client_connections_usage', ['pool', 'state']),
      s.current('db_client_connections_max', ['pool']),
      s.current('db_client_connections_pending_requests', ['pool']),
    ]);
    const maxUsage = this.config.PERF_POOL_USAGE_MAX_PERCENT / 100;
    return poolUsage(used, max, pending)
      .filter((p) => (p.usage !== null && p.usage > maxUsage) || p.pending > 0)
      .map((p) => ({
        category: 'pool',
        kind: 'pool_saturation',
        priority: p.pending > 0 ? 'high' : 'medium',
        title: `Pool de ${p.app} (${p.pool}) saturado: ${p.used}/${p.max ?? '?'} conexiones, ${p.pending} en espera`,
        action: 'Suba DB_POOL_SIZE (dentro de max_connections) o acorte las transacciones que retienen conexiones.',
        figures: { ...p, thresholdPercent: this.config.PERF_POOL_USAGE_MAX_PERCENT },
      }));
  }
}
