import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PideEntidad, PideTipoDocumento, PideTramite } from '@mesa/db-entities';
import { Actor, DireccionPide, EntidadPideInput, EstadoPide, TipoPideInput } from '@mesa/shared/contracts';
import { timedDb, transaccion } from '@mesa/shared/database';

export interface NuevoTramite {
  cuo: string;
  direccion: DireccionPide;
  entidadId: string;
  estado: EstadoPide;
  documentoId: string | null;
  numeroExpediente: string | null;
  datos: Record<string, unknown>;
}

/** The PIDE tables of schema integraciones, each statement timed under its operation. */
@Injectable()
export class PideRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaccion<T>(operation: string, fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return transaccion(this.db, operation, fn);
  }

  entidadPorRuc(ruc: string): Promise<PideEntidad | null> {
    return timedDb('integraciones.pide_entidad_by_ruc', () => this.db.getRepository(PideEntidad).findOneBy({ ruc }));
  }

  entidadPorId(id: string): Promise<PideEntidad | null> {
    return timedDb('integraciones.pide_entidad_by_id', () => this.db.getRepository(PideEntidad).findOneBy({ id }));
  }

  /** A handful of rows: not paginated. */
  entidades(): Promise<PideEntidad[]> {
    return timedDb('integraciones.pide_entidad_list', () =>
      this.db.getRepository(PideEntidad).find({ order: { ruc: 'ASC' } }),
    );
  }

  /** Creates or updates by RUC; answers the row before (null when new) and after. */
  async guardarEntidad(
    m: EntityManager,
    e: EntidadPideInput,
  ): Promise<{ antes: PideEntidad | null; despues: PideEntidad }> {
    const antes = await m
      .getRepository(PideEntidad)
      .findOne({ where: { ruc: e.ruc }, lock: { mode: 'pessimistic_write' } });
    const [despues] = (await m.query(
      `INSERT INTO integraciones.pide_entidad (ruc, nombre, endpoint, activa) VALUES ($1, $2, $3, $4)
       ON CONFLICT (ruc) DO UPDATE SET nombre = EXCLUDED.nombre, endpoint = EXCLUDED.endpoint,
         activa = EXCLUDED.activa, updated_at = now()
       RETURNING id, ruc, nombre, endpoint, activa, created_at AS "createdAt", updated_at AS "updatedAt"`,
      [e.ruc, e.nombre, e.endpoint ?? null, e.activa ?? true],
    )) as PideEntidad[];
    return { antes, despues };
  }

  /** The deleted row, or null when there was none; refuses (false) an entity with exchanges. */
  async eliminarEntidad(m: EntityManager, ruc: string): Promise<PideEntidad | null | false> {
    const e = await m.getRepository(PideEntidad).findOne({ where: { ruc }, lock: { mode: 'pessimistic_write' } });
    if (!e) return null;
    const [{ n }] = (await m.query(`SELECT count(*)::int AS n FROM integraciones.pide_tramite WHERE entidad_id = $1`, [
      e.id,
    ])) as [{ n: number }];
    if (n > 0) return false;
    await m.query(`DELETE FROM integraciones.pide_entidad WHERE id = $1`, [e.id]);
    return e;
  }

  tipos(): Promise<PideTipoDocumento[]> {
    return timedDb('integraciones.pide_tipo_list', () =>
      this.db.getRepository(PideTipoDocumento).find({ order: { ccodtipdoc: 'ASC' } }),
    );
  }

  tipoPorCcod(ccodtipdoc: string): Promise<PideTipoDocumento | null> {
    return timedDb('integraciones.pide_tipo_by_code', () =>
      this.db.getRepository(PideTipoDocumento).findOneBy({ ccodtipdoc }),
    );
  }

  tipoPorDocumento(tipoDocumentoId: number): Promise<PideTipoDocumento | null> {
    return timedDb('integraciones.pide_tipo_by_type', () =>
      this.db.getRepository(PideTipoDocumento).findOneBy({ tipoDocumentoId }),
    );
  }

  /** Creates or updates by our type; null when the code belongs to another of our types. */
  async guardarTipo(
    m: EntityManager,
    t: TipoPideInput,
  ): Promise<{ antes: PideTipoDocumento | null; despues: PideTipoDocumento } | null> {
    const antes = await m
      .getRepository(PideTipoDocumento)
      .findOne({ where: { tipoDocumentoId: t.tipoDocumentoId }, lock: { mode: 'pessimistic_write' } });
    const otro = await m.getRepository(PideTipoDocumento).findOneBy({ ccodtipdoc: t.ccodtipdoc });
    if (otro && otro.tipoDocumentoId !== t.tipoDocumentoId) return null;
    const [despues] = (await m.query(
      `INSERT INTO integraciones.pide_tipo_documento (tipo_documento_id, ccodtipdoc, nombre) VALUES ($1, $2, $3)
       ON CONFLICT (tipo_documento_id) DO UPDATE SET ccodtipdoc = EXCLUDED.ccodtipdoc, nombre = EXCLUDED.nombre
       RETURNING tipo_documento_id AS "tipoDocumentoId", ccodtipdoc, nombre`,
      [t.tipoDocumentoId, t.ccodtipdoc, t.nombre],
    )) as PideTipoDocumento[];
    return { antes, despues };
  }

  async eliminarTipo(m: EntityManager, tipoDocumentoId: number): Promise<PideTipoDocumento | null> {
    const [rows] = (await m.query(
      `DELETE FROM integraciones.pide_tipo_documento WHERE tipo_documento_id = $1
       RETURNING tipo_documento_id AS "tipoDocumentoId", ccodtipdoc, nombre`,
      [tipoDocumentoId],
    )) as [PideTipoDocumento[], number];
    return rows[0] ?? null;
  }

  async auditar(m: EntityManager, accion: string, actor: Actor, antes: unknown, despues: unknown): Promise<void> {
    await m.query(
      `INSERT INTO integraciones.pide_auditoria (accion, usuario_id, ip, antes, despues) VALUES ($1, $2, $3::inet, $4::jsonb, $5::jsonb)`,
      [accion, actor.userId, actor.ip ?? null, antes && JSON.stringify(antes), despues && JSON.stringify(despues)],
    );
  }

  tramite(cuo: string, direccion: DireccionPide): Promise<PideTramite | null> {
    return timedDb('integraciones.pide_tramite_by_cuo', () =>
      this.db.getRepository(PideTramite).findOneBy({ cuo, direccion }),
    );
  }

  tramitePorId(id: string): Promise<PideTramite | null> {
    return timedDb('integraciones.pide_tramite_by_id', () => this.db.getRepository(PideTramite).findOneBy({ id }));
  }

  deDocumento(documentoId: string): Promise<PideTramite[]> {
    return timedDb('integraciones.pide_tramite_by_document', () =>
      this.db.getRepository(PideTramite).find({ where: { documentoId }, order: { createdAt: 'ASC' } }),
    );
  }

  /** Records the exchange; when (cuo, direccion) exists already, answers that row unchanged. */
  async insertar(t: NuevoTramite): Promise<{ tramite: PideTramite; nuevo: boolean }> {
    const nuevo: PideTramite[] = await timedDb('integraciones.pide_tramite_insert', () =>
      this.db.query(
        `INSERT INTO integraciones.pide_tramite (cuo, direccion, entidad_id, estado, documento_id, numero_expediente, datos)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb) ON CONFLICT (cuo, direccion) DO NOTHING RETURNING id`,
        [t.cuo, t.direccion, t.entidadId, t.estado, t.documentoId, t.numeroExpediente, JSON.stringify(t.datos)],
      ),
    );
    const tramite = (await this.tramite(t.cuo, t.direccion)) as PideTramite;
    return { tramite, nuevo: nuevo.length > 0 };
  }

  /** Moves a pending exchange to R or O; null when it is not pending (any more). */
  async recibirFormal(id: string, estado: 'R' | 'O', observacion: string | null): Promise<PideTramite | null> {
    const [rows] = (await timedDb('integraciones.pide_tramite_formal', () =>
      this.db.query(
        `UPDATE integraciones.pide_tramite SET estado = $2, observacion = $3, updated_at = now()
          WHERE id = $1 AND estado = 'P' RETURNING id`,
        [id, estado, observacion],
      ),
    )) as [{ id: string }[], number];
    return rows.length ? this.tramitePorId(id) : null;
  }

  /** The cargo of a state reached the other side (ENTRADA) or came from it (SALIDA). */
  async registrarCargo(
    id: string,
    cargo: Record<string, unknown>,
    cambios: { enviado?: boolean; estado?: EstadoPide; cuo?: string; storageKey?: string } = {},
  ): Promise<void> {
    await timedDb('integraciones.pide_tramite_cargo', () =>
      this.db.query(
        `UPDATE integraciones.pide_tramite SET cargo = $2::jsonb,
            cargo_enviado_en = CASE WHEN $3 THEN now() ELSE cargo_enviado_en END,
            estado = COALESCE($4, estado), cuo = COALESCE($5, cuo),
            cargo_storage_key = COALESCE($6, cargo_storage_key), updated_at = now()
          WHERE id = $1`,
        [
          id,
          JSON.stringify(cargo),
          cambios.enviado === true,
          cambios.estado ?? null,
          cambios.cuo ?? null,
          cambios.storageKey ?? null,
        ],
      ),
    );
  }

  /** The CUO PIDE gave a send, stored before the message goes out so that every retry carries it. */
  async asignarCuo(id: string, cuo: string): Promise<void> {
    await timedDb('integraciones.pide_tramite_cuo', () =>
      this.db.query(
        `UPDATE integraciones.pide_tramite SET cuo = $2, datos = datos || '{"cuoAsignado": true}', updated_at = now()
          WHERE id = $1`,
        [id, cuo],
      ),
    );
  }
}
