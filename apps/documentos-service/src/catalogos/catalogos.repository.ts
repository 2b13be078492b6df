import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Area, Feriado, TipoDocumento } from '@mesa/db-entities';
import { AreaDto, TipoDocumentoDto } from '@mesa/shared/contracts';
import { timedDb } from '@mesa/shared/database';

/** Reads of the catalogues (offices, document types) and of the holiday calendar, each timed. */
@Injectable()
export class CatalogosRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  areas(): Promise<AreaDto[]> {
    return timedDb('documentos.areas_list', async () => {
      const rows = await this.db.getRepository(Area).find({ order: { id: 'ASC' } });
      return rows.map((a) => ({ id: a.id, codigo: a.codigo, nombre: a.nombre, activa: a.activa }));
    });
  }

  tipos(): Promise<TipoDocumentoDto[]> {
    return timedDb('documentos.tipos_list', async () => {
      const rows = await this.db.getRepository(TipoDocumento).find({ order: { id: 'ASC' } });
      return rows.map((t) => ({
        id: t.id,
        codigo: t.codigo,
        nombre: t.nombre,
        plazoDias: t.plazoDias,
        activo: t.activo,
      }));
    });
  }

  /** Every holiday, for the business-day calendar. */
  feriados(): Promise<Feriado[]> {
    return timedDb('documentos.feriados_all', () =>
      this.db.getRepository(Feriado).find({ select: { fecha: true, tipo: true, descripcion: true } }),
    );
  }
}
