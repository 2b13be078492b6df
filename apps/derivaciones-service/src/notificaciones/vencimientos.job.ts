import { Injectable } from '@nestjs/common';
import { PeriodicJob } from '@mesa/shared/app';
import { DIAS_AVISO_VENCIMIENTO, TiposNotificacion } from '@mesa/shared/contracts';
import { tomarTurno } from '@mesa/shared/database';
import { fechaLima } from '@mesa/shared/domain';
import { CatalogosDocumentosService } from '../catalogos-documentos/catalogos-documentos.service';
import { NotificacionesRepository, NuevaNotificacion, PorVencer } from './notificaciones.repository';

/** How often each replica looks for derivations coming due; notices are per business day, so a quarter hour late is fine. */
const VENCIMIENTOS_INTERVALO_MS = 15 * 60_000;
const LOTE = 1000;
const LOCK = 'derivaciones.vencimientos';

/**
 * Due-soon notices: an office hears of each open derivation 3, 2 and 1 business days before its
 * deadline, once each. The dedupe key (derivation, days left, office) makes a second run, a run
 * on another replica or a retried batch create nothing new. Replicas take turns through a
 * PostgreSQL advisory lock.
 */
@Injectable()
export class VencimientosJob extends PeriodicJob {
  constructor(
    private readonly calendario: CatalogosDocumentosService,
    private readonly notificaciones: NotificacionesRepository,
  ) {
    super(VENCIMIENTOS_INTERVALO_MS, 'due-soon job');
  }

  protected ronda(): Promise<number> {
    return this.ejecutar();
  }

  /** Returns how many notices were new (0 when another replica holds the turn). */
  async ejecutar(ahora = new Date()): Promise<number> {
    const plazos = await this.calendario.plazos();
    // "Due in N business days": the deadline falls on the day N business days from today (on a
    // weekend, today counts as the next business day, as deadlines are counted).
    const diaDe = new Map(DIAS_AVISO_VENCIMIENTO.map((n) => [fechaLima(plazos.sumarDiasHabiles(ahora, n)), n]));
    const hasta = plazos.sumarDiasHabiles(ahora, Math.max(...DIAS_AVISO_VENCIMIENTO));
    return this.notificaciones.transaccion('derivaciones.due_soon', async (m) => {
      if (!(await tomarTurno(m, LOCK))) return 0;
      let creadas = 0;
      let despues: PorVencer | undefined;
      for (;;) {
        const rows = await this.notificaciones.porVencer(m, ahora, hasta, LOTE, despues);
        const avisos: NuevaNotificacion[] = [];
        for (const r of rows) {
          const dias = diaDe.get(fechaLima(r.fecha_limite_atencion));
          if (dias === undefined) continue;
          avisos.push({
            usuarioId: null,
            areaId: r.area_destino_id,
            tipo: TiposNotificacion.DERIVACION_POR_VENCER,
            titulo: `Vence en ${dias} día${dias === 1 ? '' : 's'} hábil${dias === 1 ? '' : 'es'}`,
            mensaje: `${r.numero_expediente}: ${r.asunto}`,
            referenciaId: r.id,
            dedupeKey: `vence:${r.id}:${dias}:area:${r.area_destino_id}`,
          });
        }
        creadas += await this.notificaciones.crear(avisos, m);
        if (rows.length < LOTE) return creadas;
        despues = rows[rows.length - 1];
      }
    });
  }
}
