import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { timedDb } from '@mesa/shared/database';

/** `reportes.notificacion_envio`: the recipients a bulk notification job has already delivered to. */
@Injectable()
export class NotificacionesEnvioRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async enviados(jobId: string): Promise<Set<string>> {
    const rows: { destinatario: string }[] = await timedDb('reportes.sent_notifications', () =>
      this.db.query(`SELECT destinatario FROM reportes.notificacion_envio WHERE job_id = $1`, [jobId]),
    );
    return new Set(rows.map((r) => r.destinatario));
  }

  /** One statement per batch; a recipient recorded before stays as it was. */
  async registrar(jobId: string, destinatarios: string[]): Promise<void> {
    await timedDb('reportes.record_notifications', () =>
      this.db.query(
        `INSERT INTO reportes.notificacion_envio (job_id, destinatario) SELECT $1, unnest($2::varchar[]) ON CONFLICT DO NOTHING`,
        [jobId, destinatarios],
      ),
    );
  }
}
