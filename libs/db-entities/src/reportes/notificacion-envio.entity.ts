import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A bulk-notification job's deliveries: a retried job skips recipients already sent to. */
@Entity({ schema: 'reportes', name: 'notificacion_envio' })
export class NotificacionEnvio {
  @PrimaryColumn({ name: 'job_id', type: 'varchar', length: 100 })
  jobId: string;

  @PrimaryColumn({ type: 'varchar', length: 200 })
  destinatario: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
