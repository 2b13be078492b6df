import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Auditoria, Documento } from '@mesa/db-entities';
import { ListarDocumentosFiltros } from '@mesa/shared/contracts';
import { timedDb } from '@mesa/shared/database';

export interface ListQuery extends Omit<ListarDocumentosFiltros, 'cursor' | 'limit'> {
  limit: number;
  after?: { fechaRecepcion: Date; id: string };
}

/** Every query of the documents table, each timed under its operation name. */
@Injectable()
export class DocumentosRepository {
  constructor(@InjectDataSource() readonly db: DataSource) {}

  transaction<T>(operation: string, fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return timedDb(operation, () => this.db.transaction(fn));
  }

  /**
   * Reserves `count` consecutive case numbers of a year and returns the first. The counter row
   * stays locked until the caller's transaction ends, so concurrent registrations queue here and
   * a rollback gives the numbers back: gap-free.
   */
  async reservarNumeros(m: EntityManager, anio: number, count: number): Promise<number> {
    const rows: Array<{ ultimo: number }> = await m.query(
      `INSERT INTO documentos.contador_expediente (anio, ultimo) VALUES ($1, $2)
       ON CONFLICT (anio) DO UPDATE SET ultimo = documentos.contador_expediente.ultimo + EXCLUDED.ultimo
       RETURNING ultimo`,
      [anio, count],
    );
    return rows[0].ultimo - count + 1;
  }

  insertar(m: EntityManager, docs: Array<Partial<Documento>>): Promise<Documento[]> {
    return m
      .createQueryBuilder()
      .insert()
      .into(Documento)
      .values(docs)
      .returning('*')
      .execute()
      .then((r) => r.generatedMaps.map((g, i) => m.create(Documento, { ...docs[i], ...g })));
  }

  auditar(m: EntityManager, rows: Array<QueryDeepPartialEntity<Auditoria>>): Promise<unknown> {
    return m.createQueryBuilder().insert().into(Auditoria).values(rows).execute();
  }

  porId(id: string): Promise<Documento | null> {
    return timedDb('documentos.get_by_id', () => this.db.getRepository(Documento).findOneBy({ id }));
  }

  porExterno(origenExterno: string, idExterno: string): Promise<Documento | null> {
    return timedDb('documentos.get_by_externo', () =>
      this.db.getRepository(Documento).findOneBy({ origenExterno, idExterno }),
    );
  }

  /** Keyset page, newest first: (fecha_recepcion, id) < cursor; every filter combination has an index. */
  listar(q: ListQuery): Promise<Documento[]> {
    const op = q.areaActualId !== undefined ? 'documentos.list_by_area' : q.estado ? 'documentos.list_by_estado' : 'documentos.list';
    return timedDb(op, () => {
      const qb = this.db.getRepository(Documento).createQueryBuilder('d');
      if (q.areaActualId !== undefined) qb.andWhere('d.area_actual_id = :area', { area: q.areaActualId });
      if (q.estado) qb.andWhere('d.estado = :estado', { estado: q.estado });
      if (q.prioridad) qb.andWhere('d.prioridad = :prioridad', { prioridad: q.prioridad });
      if (q.tipoDocumentoId !== undefined) qb.andWhere('d.tipo_documento_id = :tipo', { tipo: q.tipoDocumentoId });
      if (q.fechaDesde) qb.andWhere('d.fecha_recepcion >= :desde', { desde: q.fechaDesde });
      if (q.fechaHasta) qb.andWhere('d.fecha_recepcion < :hasta', { hasta: q.fechaHasta });
      if (q.after) {
        qb.andWhere('(d.fecha_recepcion, d.id) < (:cf, :ci)', { cf: q.after.fechaRecepcion, ci: q.after.id });
      }
      return qb.orderBy('d.fecha_recepcion', 'DESC').addOrderBy('d.id', 'DESC').limit(q.limit).getMany();
    });
  }
}
