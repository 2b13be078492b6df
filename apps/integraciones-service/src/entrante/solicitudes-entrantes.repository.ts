import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { timedDb } from '@mesa/shared/database';

/** `integraciones.solicitud_entrante`: the request ids each integration has sent, so none is run twice. */
@Injectable()
export class SolicitudesEntrantesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Records the request id; false when the integration sent it before. */
  async reclamar(integracionId: string, requestId: string): Promise<boolean> {
    const nueva: unknown[] = await timedDb('integraciones.inbound_request_claim', () =>
      this.db.query(
        `INSERT INTO integraciones.solicitud_entrante (integracion_id, request_id) VALUES ($1, $2)
         ON CONFLICT DO NOTHING RETURNING request_id`,
        [integracionId, requestId],
      ),
    );
    return nueva.length > 0;
  }

  /** Forgets the request id (nothing was registered): the same request may be sent again. */
  async liberar(integracionId: string, requestId: string): Promise<void> {
    await timedDb('integraciones.inbound_request_release', () =>
      this.db.query(`DELETE FROM integraciones.solicitud_entrante WHERE integracion_id = $1 AND request_id = $2`, [
        integracionId,
        requestId,
      ]),
    );
  }

  /** Drops request ids older than `minutos`. */
  async purgar(minutos: number): Promise<void> {
    await timedDb('integraciones.inbound_request_cleanup', () =>
      this.db.query(`DELETE FROM integraciones.solicitud_entrante WHERE created_at < now() - make_interval(mins => $1)`, [
        minutos,
      ]),
    );
  }
}
