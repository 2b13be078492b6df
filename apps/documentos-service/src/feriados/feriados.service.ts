import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CacheService } from '@mesa/shared/cache';
import {
  AccionesAuditoria,
  Actor,
  DocumentosTramiteErrors,
  FeriadoDto,
  FeriadosPage,
  MAX_PAGE_SIZE,
  Rol,
} from '@mesa/shared/contracts';
import { timedDb } from '@mesa/shared/database';
import { conflict, forbidden, notFound } from '@mesa/shared/errors';
import { NS_FERIADOS } from '../catalogos/calendario.service';
import { invalidarConsultas } from '../consultas/consultas.namespaces';

const FECHA = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The holiday table behind every business-day term. A change is audited (in its transaction)
 * and drops the cached calendar on every replica, so terms computed afterwards count it; terms
 * already given stay as they were given.
 */
@Injectable()
export class FeriadosService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cache: CacheService,
  ) {}

  /** One year, by date, keyset-paginated on the primary key. */
  async listar(anio: number, limit = MAX_PAGE_SIZE, cursor?: string): Promise<FeriadosPage> {
    const lim = Math.min(Math.max(limit, 1), MAX_PAGE_SIZE);
    const desde = cursor && FECHA.test(cursor) && cursor >= `${anio}-01-01` ? cursor : null;
    const rows: FeriadoDto[] = await timedDb('documentos.feriados_list', () =>
      this.db.query(
        `SELECT to_char(fecha, 'YYYY-MM-DD') AS fecha, descripcion, tipo FROM documentos.feriado
          WHERE fecha >= make_date($1, 1, 1) AND fecha < make_date($1 + 1, 1, 1)
            AND ($2::date IS NULL OR fecha > $2::date)
          ORDER BY fecha LIMIT $3`,
        [anio, desde, lim],
      ),
    );
    const last = rows[rows.length - 1];
    return { items: rows, nextCursor: rows.length === lim && last ? last.fecha : null };
  }

  async crear(actor: Actor, f: FeriadoDto): Promise<FeriadoDto> {
    soloAdmin(actor);
    const creado = await timedDb('documentos.feriados_create', () =>
      this.db.transaction(async (m) => {
        const rows: FeriadoDto[] = await m.query(
          `INSERT INTO documentos.feriado (fecha, descripcion, tipo) VALUES ($1, $2, $3)
           ON CONFLICT (fecha) DO NOTHING
           RETURNING to_char(fecha, 'YYYY-MM-DD') AS fecha, descripcion, tipo`,
          [f.fecha, f.descripcion, f.tipo],
        );
        if (!rows.length) throw conflict(DocumentosTramiteErrors.FERIADO_EXISTENTE, `Ya hay una entrada para ${f.fecha}`);
        await auditar(m, AccionesAuditoria.FERIADO_CREADO, actor, null, rows[0]);
        return rows[0];
      }),
    );
    await this.invalidar();
    return creado;
  }

  async eliminar(actor: Actor, fecha: string): Promise<void> {
    soloAdmin(actor);
    if (!FECHA.test(fecha)) throw noExiste(fecha);
    await timedDb('documentos.feriados_delete', () =>
      this.db.transaction(async (m) => {
        const [rows] = (await m.query(
          `DELETE FROM documentos.feriado WHERE fecha = $1
           RETURNING to_char(fecha, 'YYYY-MM-DD') AS fecha, descripcion, tipo`,
          [fecha],
        )) as [FeriadoDto[], number];
        if (!rows.length) throw noExiste(fecha);
        await auditar(m, AccionesAuditoria.FERIADO_ELIMINADO, actor, rows[0], null);
      }),
    );
    await this.invalidar();
  }

  /** The calendar, and the statistics whose "due within 3 business days" is computed over it. */
  private async invalidar(): Promise<void> {
    await Promise.all([this.cache.invalidate(NS_FERIADOS), invalidarConsultas(this.cache)]);
  }
}

function soloAdmin(actor: Actor): void {
  if (actor.rol !== Rol.ADMIN) throw forbidden('ROL_NO_PERMITIDO', 'Solo un administrador mantiene los feriados');
}

const noExiste = (fecha: string) => notFound(DocumentosTramiteErrors.FERIADO_NOT_FOUND, `No hay feriado el ${fecha}`);

async function auditar(
  m: { query: (sql: string, params: unknown[]) => Promise<unknown> },
  accion: string,
  actor: Actor,
  antes: FeriadoDto | null,
  despues: FeriadoDto | null,
): Promise<void> {
  await m.query(
    `INSERT INTO documentos.auditoria (accion, usuario_id, ip, antes, despues) VALUES ($1, $2, $3::inet, $4::jsonb, $5::jsonb)`,
    [accion, actor.userId, actor.ip ?? null, antes && JSON.stringify(antes), despues && JSON.stringify(despues)],
  );
}
