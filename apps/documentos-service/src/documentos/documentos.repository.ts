import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Documento } from '@mesa/db-entities';
import { writeOutbox } from '@mesa/shared/bus';
import { DocumentoRegistradoEvent, Events, ListarDocumentosFiltros } from '@mesa/shared/contracts';
import { timedDb, transaccion, violaUnicidad } from '@mesa/shared/database';

const SCHEMA = 'documentos';
/** The unique index on (origen_externo, id_externo): a sending system's case is registered once. */
const UQ_EXTERNO = 'uq_documento_origen_externo';

/** A concurrent registration of the same (origen, id) committed first: nothing of this one was written. */
export class ExternoYaRegistrado extends Error {
  constructor() {
    super('Un documento con ese origen e id externos ya fue registrado');
  }
}

/** A document to register. */
export interface NuevoDocumento {
  /** Chosen by the caller: the tracking code is derived from it before the insert. */
  id: string;
  tipoDocumentoId: number;
  numeroDocumentoExterno: string | null;
  remitente: string;
  asunto: string;
  numeroFolios: number;
  tieneAnexos: boolean;
  prioridad: string;
  fechaPresentacion: Date;
  fechaRecepcion: Date;
  fechaLimite: Date | null;
  areaActualId: number | null;
  codigoSeguimientoHash: string;
  expedienteRelacionadoId: string | null;
  etiquetas: string[];
  observaciones: string | null;
  origenExterno: string | null;
  idExterno: string | null;
}

/** A documento row as PostgreSQL returns it (snake_case columns). */
export type DocumentoRow = Record<string, any> & { id: string; numero_expediente: string };

export interface ListQuery extends Omit<ListarDocumentosFiltros, 'cursor' | 'limit'> {
  limit: number;
  after?: { fechaRecepcion: Date; id: string };
}

/** Every query of the documents table, each timed under its operation name. */
@Injectable()
export class DocumentosRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaccion<T>(operation: string, fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return transaccion(this.db, operation, fn);
  }

  /**
   * Registers documents in ONE statement: the year's counter row is taken (row lock), the
   * documents get consecutive case numbers, and their audit rows are written with them; their
   * `documento.registrado` events follow through writeOutbox in the same transaction (the
   * statement builds their payloads). The counter lock lasts two round trips plus the commit, so
   * concurrent clerks queue briefly; any failure rolls all of it back, so numbers stay gap-free.
   * Rows come back in input order.
   */
  registrar(
    anio: number,
    docs: NuevoDocumento[],
    actor: { userId: string; ip: string | null },
    m?: EntityManager,
  ): Promise<DocumentoRow[]> {
    const operacion = docs.length > 1 ? 'documentos.register_batch' : 'documentos.register';
    const escribir = (t: EntityManager) =>
      this.escribir(anio, docs, actor, t).catch((err: unknown) => {
        throw violaUnicidad(err) && (err as { constraint?: string }).constraint === UQ_EXTERNO
          ? new ExternoYaRegistrado()
          : err;
      });
    return m ? timedDb(operacion, () => escribir(m)) : transaccion(this.db, operacion, escribir);
  }

  private async escribir(
    anio: number,
    docs: NuevoDocumento[],
    actor: { userId: string; ip: string | null },
    m: EntityManager,
  ): Promise<DocumentoRow[]> {
    // In column names: the statement reads them with jsonb_to_recordset.
    const input = docs.map((d, i) => ({
      ord: i + 1,
      id: d.id,
      tipo_documento_id: d.tipoDocumentoId,
      numero_documento_externo: d.numeroDocumentoExterno,
      remitente: d.remitente,
      asunto: d.asunto,
      numero_folios: d.numeroFolios,
      tiene_anexos: d.tieneAnexos,
      prioridad: d.prioridad,
      fecha_presentacion: d.fechaPresentacion,
      fecha_recepcion: d.fechaRecepcion,
      fecha_limite: d.fechaLimite,
      area_actual_id: d.areaActualId,
      codigo_seguimiento_hash: d.codigoSeguimientoHash,
      expediente_relacionado_id: d.expedienteRelacionadoId,
      etiquetas: d.etiquetas,
      observaciones: d.observaciones,
      origen_externo: d.origenExterno,
      id_externo: d.idExterno,
    }));
    {
      const filas: (DocumentoRow & { evento: DocumentoRegistradoEvent })[] = await m.query(
        `WITH n AS (
           INSERT INTO documentos.contador_expediente AS c (anio, ultimo) VALUES ($1, $2)
           ON CONFLICT (anio) DO UPDATE SET ultimo = c.ultimo + EXCLUDED.ultimo
           RETURNING c.ultimo - $2 AS base
         ), x AS (
           SELECT * FROM jsonb_to_recordset($3::jsonb) AS x(
             ord int, id uuid, tipo_documento_id int, numero_documento_externo text, remitente text, asunto text,
             numero_folios int, tiene_anexos boolean, prioridad text, fecha_presentacion timestamptz,
             fecha_recepcion timestamptz, fecha_limite timestamptz, area_actual_id int,
             codigo_seguimiento_hash text, expediente_relacionado_id uuid, etiquetas text[],
             observaciones text, origen_externo text, id_externo text)
         ), d AS (
           INSERT INTO documentos.documento (id, numero_expediente, tipo_documento_id, numero_documento_externo, remitente,
             asunto, numero_folios, tiene_anexos, prioridad, estado, fecha_presentacion, fecha_recepcion, fecha_limite,
             usuario_registro_id, area_actual_id, codigo_seguimiento_hash, expediente_relacionado_id, etiquetas,
             observaciones, origen_externo, id_externo)
           SELECT x.id, 'EXP-' || $1 || '-' || lpad((n.base + x.ord)::text, 6, '0'), x.tipo_documento_id,
             x.numero_documento_externo, x.remitente, x.asunto, x.numero_folios, x.tiene_anexos,
             x.prioridad::documentos.prioridad, 'REGISTRADO', x.fecha_presentacion, x.fecha_recepcion, x.fecha_limite,
             $4::uuid, x.area_actual_id, x.codigo_seguimiento_hash, x.expediente_relacionado_id,
             coalesce(x.etiquetas, '{}'), x.observaciones, x.origen_externo, x.id_externo
           FROM x CROSS JOIN n ORDER BY x.ord
           RETURNING *
         ), a AS (
           INSERT INTO documentos.auditoria (documento_id, accion, usuario_id, ip, despues)
           SELECT d.id, 'REGISTRO', $4::uuid, $5::inet, to_jsonb(d) - 'search_vector' - 'codigo_seguimiento_hash' FROM d
         )
         SELECT d.*, jsonb_build_object(
             'id', d.id, 'numeroExpediente', d.numero_expediente, 'asunto', d.asunto, 'estado', d.estado,
             'areaActualId', d.area_actual_id, 'prioridad', d.prioridad, 'fechaRecepcion', d.fecha_recepcion,
             'fechaLimite', d.fecha_limite, 'origenExterno', d.origen_externo, 'idExterno', d.id_externo) AS evento
           FROM d ORDER BY d.numero_expediente`,
        [anio, docs.length, JSON.stringify(input), actor.userId, actor.ip],
      );
      await writeOutbox(
        m,
        SCHEMA,
        filas.map((f) => ({ pattern: Events.DOCUMENTO_REGISTRADO, data: f.evento })),
      );
      return filas.map(({ evento: _evento, ...fila }) => fila as DocumentoRow);
    }
  }

  porId(id: string): Promise<Documento | null> {
    return timedDb('documentos.get_by_id', () => this.db.getRepository(Documento).findOneBy({ id }));
  }

  /** Every known document among (origen, id) pairs, in one query on the unique (origen, id) index. */
  porExternos(pares: { origen: string; id: string }[]): Promise<Documento[]> {
    return timedDb('documentos.get_by_externos', () =>
      this.db
        .getRepository(Documento)
        .createQueryBuilder('d')
        .where('(d.origen_externo, d.id_externo) IN (SELECT * FROM unnest(:origenes::text[], :ids::text[]))', {
          origenes: pares.map((p) => p.origen),
          ids: pares.map((p) => p.id),
        })
        .getMany(),
    );
  }

  /** Keyset page, newest first: (fecha_recepcion, id) < cursor; every filter combination has an index. */
  listar(q: ListQuery): Promise<Documento[]> {
    const op = q.areaActualId !== undefined ? 'documentos.list_by_area' : q.estado ? 'documentos.list_by_estado' : 'documentos.list';
    return timedDb(op, () => this.listarQuery(q).getMany());
  }

  /** One page of the export: the list's query with a bigger page. */
  exportar(q: ListQuery): Promise<Documento[]> {
    return timedDb('documentos.export_page', () => this.listarQuery(q).getMany());
  }

  /** The documents among `ids` (unknown ids are absent), in no particular order. */
  porIds(ids: string[]): Promise<Documento[]> {
    return timedDb('documentos.get_by_ids', () =>
      this.db.getRepository(Documento).createQueryBuilder('d').where('d.id = ANY(:ids::uuid[])', { ids }).getMany(),
    );
  }

  /** The list's query, also EXPLAINed by the plan tests. */
  listarQuery(q: ListQuery) {
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
    return qb.orderBy('d.fecha_recepcion', 'DESC').addOrderBy('d.id', 'DESC').limit(q.limit);
  }
}
