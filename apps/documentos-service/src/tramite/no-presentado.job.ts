import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { writeOutbox } from '@mesa/shared/bus';
import { CacheService } from '@mesa/shared/cache';
import { AccionesAuditoria, DocumentoActualizadoEvent, EstadoDocumento, Events } from '@mesa/shared/contracts';
import { timedDb } from '@mesa/shared/database';
import { invalidarDocumentos } from './invalidacion';

/** How often each replica looks for expired observations; a minute late is within the day. */
export const NO_PRESENTADO_INTERVALO_MS = 60_000;
/** Documents closed per statement, so one run never holds many row locks for long. */
const LOTE = 500;
/** Advisory lock key: one replica at a time runs the job. */
const LOCK = 'documentos.no_presentado';

/** Closes one batch of expired observations: state, audit rows, in one statement. EXPLAINed by the plan tests. */
export const CERRAR_VENCIDOS = `WITH v AS (
     SELECT id, fecha_limite_subsanacion FROM documentos.documento
      WHERE estado = 'OBSERVADO' AND fecha_limite_subsanacion < $1
      ORDER BY fecha_limite_subsanacion
      LIMIT $2
      FOR UPDATE SKIP LOCKED
   ), u AS (
     UPDATE documentos.documento d
        SET estado = 'NO_PRESENTADO', version = d.version + 1, updated_at = now()
       FROM v WHERE d.id = v.id
     RETURNING d.id, d.numero_expediente, d.asunto, d.area_actual_id, d.prioridad, d.fecha_limite, d.version,
       v.fecha_limite_subsanacion
   ), a AS (
     INSERT INTO documentos.auditoria (documento_id, accion, antes, despues)
     SELECT u.id, $3, jsonb_build_object('estado', 'OBSERVADO'),
       jsonb_build_object('estado', 'NO_PRESENTADO', 'fechaLimiteSubsanacion', u.fecha_limite_subsanacion)
       FROM u
   )
   SELECT id, numero_expediente, asunto, area_actual_id, prioridad, fecha_limite, version FROM u`;

interface Vencido {
  id: string;
  numero_expediente: string;
  asunto: string;
  area_actual_id: number | null;
  prioridad: DocumentoActualizadoEvent['prioridad'];
  fecha_limite: Date | null;
  version: number;
}

/**
 * Domain rule 4: a filing not corrected within its term counts as not presented. Every replica
 * runs the timer; a PostgreSQL advisory lock (held for the transaction) lets one of them work
 * and the others skip the round.
 */
@Injectable()
export class NoPresentadoJob implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger(NoPresentadoJob.name);
  private timer?: NodeJS.Timeout;
  private enCurso?: Promise<unknown>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cache: CacheService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (this.enCurso) return;
      this.enCurso = this.ejecutar()
        .catch((err: Error) => this.log.error(`no-presentado job failed: ${err.message}`))
        .finally(() => (this.enCurso = undefined));
    }, NO_PRESENTADO_INTERVALO_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.enCurso;
  }

  /**
   * Turns every OBSERVADO document whose correction term ended before `ahora` into
   * NO_PRESENTADO, with its audit row and `documento.actualizado` event in the same
   * transaction. Returns the ids it closed. The timer skips a round when another replica holds
   * the lock; `esperarTurno` waits for it instead (a direct call that must see the work done).
   */
  async ejecutar(opts: { ahora?: Date; esperarTurno?: boolean } = {}): Promise<string[]> {
    const ahora = opts.ahora ?? new Date();
    const cerrados: string[] = [];
    for (;;) {
      const lote = await timedDb('documentos.no_presentado', () =>
        this.db.transaction(async (m) => {
          const [{ turno }] = await m.query(
            opts.esperarTurno
              ? 'SELECT true AS turno FROM pg_advisory_xact_lock(hashtext($1))'
              : 'SELECT pg_try_advisory_xact_lock(hashtext($1)) AS turno',
            [LOCK],
          );
          if (!turno) return null;
          const rows: Vencido[] = await m.query(
            CERRAR_VENCIDOS,
            [ahora, LOTE, AccionesAuditoria.NO_PRESENTADO],
          );
          await writeOutbox(
            m,
            'documentos',
            rows.map((r) => ({
              pattern: Events.DOCUMENTO_ACTUALIZADO,
              data: {
                id: r.id,
                numeroExpediente: r.numero_expediente,
                asunto: r.asunto,
                estado: EstadoDocumento.NO_PRESENTADO,
                areaActualId: r.area_actual_id,
                prioridad: r.prioridad,
                fechaLimite: r.fecha_limite?.toISOString() ?? null,
                version: r.version,
              } satisfies DocumentoActualizadoEvent,
            })),
          );
          return rows.map((r) => r.id);
        }),
      );
      if (!lote) return cerrados;
      if (lote.length) await invalidarDocumentos(this.cache, lote);
      cerrados.push(...lote);
      if (lote.length < LOTE) return cerrados;
    }
  }
}
