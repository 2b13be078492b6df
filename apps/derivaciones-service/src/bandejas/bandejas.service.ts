import { Injectable } from '@nestjs/common';
import { ambitoDe, ambitoDeConteos, areaDeLista } from '@mesa/shared/auth';
import { CacheService } from '@mesa/shared/cache';
import {
  Actor,
  BandejaFiltros,
  DEFAULT_PAGE_SIZE,
  DerivacionesErrors,
  DerivacionesPage,
  DocumentosErrors,
  EstadisticasAreaDto,
  HojaDeRutaDto,
  MAX_PAGE_SIZE,
} from '@mesa/shared/contracts';
import { CursorErrors, decodeCursor, encodeCursor } from '@mesa/shared/domain';
import { badRequest, ErrorCodes, notFound } from '@mesa/shared/errors';
import { CatalogosDocumentosService } from '../catalogos-documentos/catalogos-documentos.service';
import { esAbierta, toDerivacionDto, toDocumentoRefDto } from '../derivaciones/derivacion.mapper';
import { BandejasRepository, Despues, FilaLista } from './bandejas.repository';

const NS_ESTADISTICAS = 'derivaciones:estadisticas';
const CLAVE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Trays, pending work, overdue lists, route sheets and statistics. Every list reads derivaciones'
 * own rows (the case number and subject are copies), never another service per row. An AREA user
 * sees only what is addressed to their office; anything else answers 404 or an empty page.
 */
@Injectable()
export class BandejasService {
  constructor(
    private readonly repo: BandejasRepository,
    private readonly cache: CacheService,
    private readonly calendario: CatalogosDocumentosService,
  ) {}

  async bandeja(actor: Actor, f: BandejaFiltros): Promise<DerivacionesPage> {
    const dentro = areaDeLista(actor, f.areaId);
    if (dentro === false) return { items: [], nextCursor: null };
    const areaId = dentro ?? actor.areaId ?? undefined;
    if (areaId === undefined) {
      throw badRequest(DerivacionesErrors.AREA_REQUERIDA, 'Indique el área de la bandeja (areaId).', [
        { field: 'areaId', message: 'es obligatoria' },
      ]);
    }
    const orden = f.orden ?? 'recientes';
    if (orden === 'vencimiento' && f.estado && !esAbierta(f.estado)) {
      throw badRequest(
        ErrorCodes.VALIDATION_FAILED,
        'El orden por vencimiento lista derivaciones abiertas (PENDIENTE o RECIBIDO).',
        [{ field: 'estado', message: 'debe ser PENDIENTE o RECIBIDO' }],
      );
    }
    const limit = limite(f.limit);
    const rows = await this.repo.bandeja({
      areaId,
      estado: f.estado,
      urgente: f.urgente,
      vencidas: f.vencidas,
      orden,
      limit,
      after: despues(f.cursor),
    });
    return pagina(rows, limit);
  }

  async pendientesUsuario(actor: Actor, limit?: number, cursor?: string): Promise<DerivacionesPage> {
    const lim = limite(limit);
    return pagina(await this.repo.pendientesUsuario(actor.userId, actor.areaId, lim, despues(cursor)), lim);
  }

  async vencidas(actor: Actor, limit?: number, cursor?: string): Promise<DerivacionesPage> {
    const lim = limite(limit);
    const areaId = areaDeLista(actor, undefined);
    if (areaId === false) return { items: [], nextCursor: null };
    return pagina(await this.repo.vencidas(areaId ?? null, lim, despues(cursor)), lim);
  }

  /** Every movement of a document, oldest first. An office sees the sheet of a document that is or was addressed to it. */
  async hojaDeRuta(actor: Actor, documentoId: string): Promise<HojaDeRutaDto> {
    const ambito = ambitoDe(actor);
    const [ref, rows] = await Promise.all([this.repo.documento(documentoId), this.repo.hojaDeRuta(documentoId)]);
    const area = ambito?.areaId;
    const visible =
      ambito !== null &&
      (area === undefined ||
        ref?.area_actual_id === area ||
        rows.some((r) => r.area_destino_id === area || r.area_origen_id === area));
    if (!ref || !visible)
      throw notFound(DocumentosErrors.DOCUMENTO_NOT_FOUND, 'Documento no encontrado');
    const ahora = new Date();
    return { documento: toDocumentoRefDto(ref), movimientos: rows.map((r) => toDerivacionDto(r, ahora)) };
  }

  /** Counts now, averages over the latest received derivations; cached for the statistics TTL (5 min). */
  async estadisticas(actor: Actor, areaId: number): Promise<EstadisticasAreaDto> {
    // Counts and averages, no personal data: SRE may read them.
    const ambito = ambitoDeConteos(actor);
    if (!ambito || (ambito.areaId !== undefined && ambito.areaId !== areaId)) {
      throw notFound('AREA_NOT_FOUND', 'Área no encontrada');
    }
    return this.cache.getOrLoad(NS_ESTADISTICAS, String(areaId), 'stats', async () => {
      const [conteos, tiempos, plazos] = await Promise.all([
        this.repo.conteos(areaId),
        this.repo.tiempos(areaId),
        this.calendario.plazos(),
      ]);
      const recepcion = tiempos.map((t) => plazos.horasHabilesEntre(t.fecha_derivacion, t.fecha_recepcion as Date));
      const atencion = tiempos
        .filter((t) => t.fecha_atencion)
        .map((t) => plazos.horasHabilesEntre(t.fecha_derivacion, t.fecha_atencion as Date));
      return {
        areaId,
        ...conteos,
        horasPromedioRecepcion: promedio(recepcion),
        horasPromedioAtencion: promedio(atencion),
        muestra: tiempos.length,
      };
    });
  }
}

function limite(limit?: number): number {
  return Math.min(Math.max(limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
}

function despues(cursor?: string): Despues | undefined {
  if (!cursor) return undefined;
  const [clave, id] = decodeCursor(cursor, ['string', 'string']);
  if (!CLAVE.test(clave) || !UUID.test(id))
    throw badRequest(CursorErrors.CURSOR_INVALIDO, 'Cursor de paginación inválido o alterado.');
  return { clave, id };
}

function pagina(rows: FilaLista[], limit: number): DerivacionesPage {
  const ahora = new Date();
  const last = rows[rows.length - 1];
  return {
    items: rows.map((r) => toDerivacionDto(r, ahora)),
    nextCursor: rows.length === limit && last ? encodeCursor([last.clave, last.id]) : null,
  };
}

function promedio(valores: number[]): number | null {
  if (!valores.length) return null;
  return Math.round((valores.reduce((a, b) => a + b, 0) / valores.length) * 100) / 100;
}
