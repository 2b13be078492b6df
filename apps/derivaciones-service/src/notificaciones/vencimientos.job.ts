import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DIAS_AVISO_VENCIMIENTO, TiposNotificacion } from '@mesa/shared/contracts';
import { timedDb } from '@mesa/shared/database';
import { fechaLima } from '@mesa/shared/domain';
import { CalendarioService } from '../calendario/calendario.service';
import { NotificacionesRepository, NuevaNotificacion } from './notificaciones.repository';

/** How often each replica looks for derivations coming due; notices are per business day, so a quarter hour late is fine. */
export const VENCIMIENTOS_INTERVALO_MS = 15 * 60_000;
const LOTE = 1000;
const LOCK = 'derivaciones.vencimientos';

/** Open derivations due between two instants, in deadline order (partial index idx_derivacion_fecha_limite). */
export const POR_VENCER = `
  SELECT id, area_destino_id, numero_expediente, asunto, fecha_limite_atencion, fecha_limite_atencion::text AS clave
    FROM derivaciones.derivacion
   WHERE estado IN ('PENDIENTE', 'RECIBIDO') AND fecha_limite_atencion > $1 AND fecha_limite_atencion <= $2
     AND ($3::timestamptz IS NULL OR (fecha_limite_atencion, id) > ($3::timestamptz, $4::uuid))
   ORDER BY fecha_limite_atencion, id LIMIT $5`;

interface PorVencer {
  id: string;
  area_destino_id: number;
  numero_expediente: string;
  asunto: string;
  fecha_limite_atencion: Date;
  clave: string;
}

/**
 * Due-soon notices: an office hears of each open derivation 3, 2 and 1 business days before its
 * deadline, once each. The dedupe key (derivation, days left, office) makes a second run, a run
 * on another replica or a retried batch create nothing new. Replicas take turns through a
 * PostgreSQL advisory lock.
 */
@Injectable()
export class VencimientosJob implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger(VencimientosJob.name);
  private timer?: NodeJS.Timeout;
  private enCurso?: Promise<unknown>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly calendario: CalendarioService,
    private readonly notificaciones: NotificacionesRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (this.enCurso) return;
      this.enCurso = this.ejecutar()
        .catch((err: Error) => this.log.error(`due-soon job failed: ${err.message}`))
        .finally(() => (this.enCurso = undefined));
    }, VENCIMIENTOS_INTERVALO_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.enCurso;
  }

  /** Returns how many notices were new (0 when another replica holds the turn). */
  async ejecutar(ahora = new Date()): Promise<number> {
    const plazos = await this.calendario.plazos();
    // "Due in N business days": the deadline falls on the day N business days from today (on a
    // weekend, today counts as the next business day, as deadlines are counted).
    const diaDe = new Map(DIAS_AVISO_VENCIMIENTO.map((n) => [fechaLima(plazos.sumarDiasHabiles(ahora, n)), n]));
    const hasta = plazos.sumarDiasHabiles(ahora, Math.max(...DIAS_AVISO_VENCIMIENTO));
    return timedDb('derivaciones.due_soon', () =>
      this.db.transaction(async (m) => {
        const [{ turno }] = await m.query('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS turno', [LOCK]);
        if (!turno) return 0;
        let creadas = 0;
        let despues: PorVencer | undefined;
        for (;;) {
          const rows: PorVencer[] = await m.query(POR_VENCER, [
            ahora,
            hasta,
            despues?.clave ?? null,
            despues?.id ?? null,
            LOTE,
          ]);
          const avisos: NuevaNotificacion[] = [];
          for (const r of rows) {
            const dias = diaDe.get(fechaLima(r.fecha_limite_atencion));
            if (dias === undefined) continue;
            avisos.push({
              usuario_id: null,
              area_id: r.area_destino_id,
              tipo: TiposNotificacion.DERIVACION_POR_VENCER,
              titulo: `Vence en ${dias} día${dias === 1 ? '' : 's'} hábil${dias === 1 ? '' : 'es'}`,
              mensaje: `${r.numero_expediente}: ${r.asunto}`,
              referencia_id: r.id,
              dedupe_key: `vence:${r.id}:${dias}:area:${r.area_destino_id}`,
            });
          }
          creadas += await this.notificaciones.crear(avisos, m);
          if (rows.length < LOTE) return creadas;
          despues = rows[rows.length - 1];
        }
      }),
    );
  }
}
