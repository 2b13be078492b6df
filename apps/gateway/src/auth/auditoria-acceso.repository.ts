import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { EventoAcceso } from '@mesa/db-entities';
import { timedDb } from '@mesa/shared/database';

export interface EventoAuditado {
  evento: EventoAcceso;
  usuarioId: string | null;
  ip: string | null;
}

/** Rows of `gateway.auditoria_acceso`, several in one statement. */
@Injectable()
export class AuditoriaAccesoRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  registrar(eventos: EventoAuditado[], manager: EntityManager = this.db.manager): Promise<unknown> {
    if (eventos.length === 0) return Promise.resolve();
    return timedDb('gateway.auditoria_acceso_insert', () =>
      manager.query(
        `INSERT INTO gateway.auditoria_acceso (evento, usuario_id, ip)
         SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[])`,
        [eventos.map((e) => e.evento), eventos.map((e) => e.usuarioId), eventos.map((e) => e.ip)],
      ),
    );
  }
}
