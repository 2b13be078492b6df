import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, FeriadoDto } from '@mesa/shared/contracts';
import { timedDb, transaccion } from '@mesa/shared/database';

const FERIADO = `to_char(fecha, 'YYYY-MM-DD') AS fecha, descripcion, tipo`;

/** The holiday table, each statement timed under its operation. */
@Injectable()
export class FeriadosRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaccion<T>(operation: string, fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return transaccion(this.db, operation, fn);
  }

  /** One year's holidays by date, after `desde` (a date) when given. */
  deAnio(anio: number, desde: string | null, limit: number): Promise<FeriadoDto[]> {
    return timedDb('documentos.feriados_list', () =>
      this.db.query(
        `SELECT ${FERIADO} FROM documentos.feriado
          WHERE fecha >= make_date($1, 1, 1) AND fecha < make_date($1 + 1, 1, 1)
            AND ($2::date IS NULL OR fecha > $2::date)
          ORDER BY fecha LIMIT $3`,
        [anio, desde, limit],
      ),
    );
  }

  /** The new holiday, or null when the date already has one. */
  async insertar(m: EntityManager, f: FeriadoDto): Promise<FeriadoDto | null> {
    const rows: FeriadoDto[] = await m.query(
      `INSERT INTO documentos.feriado (fecha, descripcion, tipo) VALUES ($1, $2, $3)
       ON CONFLICT (fecha) DO NOTHING RETURNING ${FERIADO}`,
      [f.fecha, f.descripcion, f.tipo],
    );
    return rows[0] ?? null;
  }

  /** The deleted holiday, or null when the date had none. */
  async eliminar(m: EntityManager, fecha: string): Promise<FeriadoDto | null> {
    const [rows] = (await m.query(`DELETE FROM documentos.feriado WHERE fecha = $1 RETURNING ${FERIADO}`, [fecha])) as [
      FeriadoDto[],
      number,
    ];
    return rows[0] ?? null;
  }

  /** The change in the audit log (no document: before and after are the holiday). */
  async auditar(
    m: EntityManager,
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
}
