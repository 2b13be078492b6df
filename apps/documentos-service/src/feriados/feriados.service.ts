import { Injectable } from '@nestjs/common';
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
import { conflict, forbidden, notFound } from '@mesa/shared/errors';
import { NS_FERIADOS } from '../catalogos/plazos.service';
import { invalidarConsultas } from '../consultas/consultas.namespaces';
import { FeriadosRepository } from './feriados.repository';

const FECHA = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The holiday table behind every business-day term. A change is audited (in its transaction)
 * and drops the cached calendar on every replica, so terms computed afterwards count it; terms
 * already given stay as they were given.
 */
@Injectable()
export class FeriadosService {
  constructor(
    private readonly repo: FeriadosRepository,
    private readonly cache: CacheService,
  ) {}

  /** One year, by date, keyset-paginated on the primary key. */
  async listar(anio: number, limit = MAX_PAGE_SIZE, cursor?: string): Promise<FeriadosPage> {
    const lim = Math.min(Math.max(limit, 1), MAX_PAGE_SIZE);
    const desde = cursor && FECHA.test(cursor) && cursor >= `${anio}-01-01` ? cursor : null;
    const rows = await this.repo.deAnio(anio, desde, lim);
    const last = rows[rows.length - 1];
    return { items: rows, nextCursor: rows.length === lim && last ? last.fecha : null };
  }

  async crear(actor: Actor, f: FeriadoDto): Promise<FeriadoDto> {
    soloAdmin(actor);
    const creado = await this.repo.transaccion('documentos.feriados_create', async (m) => {
      const fila = await this.repo.insertar(m, f);
      if (!fila) throw conflict(DocumentosTramiteErrors.FERIADO_EXISTENTE, `Ya hay una entrada para ${f.fecha}`);
      await this.repo.auditar(m, AccionesAuditoria.FERIADO_CREADO, actor, null, fila);
      return fila;
    });
    await this.invalidar();
    return creado;
  }

  async eliminar(actor: Actor, fecha: string): Promise<void> {
    soloAdmin(actor);
    if (!FECHA.test(fecha)) throw noExiste(fecha);
    await this.repo.transaccion('documentos.feriados_delete', async (m) => {
      const fila = await this.repo.eliminar(m, fecha);
      if (!fila) throw noExiste(fecha);
      await this.repo.auditar(m, AccionesAuditoria.FERIADO_ELIMINADO, actor, fila, null);
    });
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
