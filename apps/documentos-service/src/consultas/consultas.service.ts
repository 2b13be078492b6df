import { Injectable } from '@nestjs/common';
import { ambitoDe, ambitoDeConteos, areaDeLista } from '@mesa/shared/auth';
import { CacheService } from '@mesa/shared/cache';
import {
  Actor,
  ConteoPor,
  DEFAULT_PAGE_SIZE,
  DIAS_HABILES_POR_VENCER,
  DocumentoDto,
  DocumentosConsultasErrors,
  DocumentosErrors,
  DocumentosPage,
  DocumentosVencidosPage,
  DocumentoVencidoDto,
  EstadisticasDto,
  EstadoDocumento,
  MAX_DIAS_ESTADISTICAS,
  MAX_PAGE_SIZE,
  Prioridad,
} from '@mesa/shared/contracts';
import {
  decodeCursor,
  encodeCursor,
  esFechaLima,
  fechaLima,
  formatNumeroExpediente,
  inicioDiaLima,
  parseNumeroExpediente,
  sumarDiasCalendario,
} from '@mesa/shared/domain';
import { DomainException } from '@mesa/shared/errors';
import { PlazosService } from '../catalogos/plazos.service';
import { rowToDocumentoDto } from '../documentos/documento.mapper';
import { DocumentosService } from '../documentos/documentos.service';
import { clasificarBusqueda } from './busqueda';
import { BuscarQuery, ConsultasRepository, EstadisticaRow } from './consultas.repository';
import { NS_DOCUMENTOS_BUSQUEDA, NS_DOCUMENTOS_ESTADISTICAS } from './consultas.namespaces';

const DIAS_POR_DEFECTO = 30;
const DIA_MS = 24 * 60 * 60 * 1000;

/** Office scoping of a read: null = nothing visible, undefined = every office. */

@Injectable()
export class ConsultasService {
  constructor(
    private readonly repo: ConsultasRepository,
    private readonly cache: CacheService,
    private readonly calendario: PlazosService,
    private readonly documentos: DocumentosService,
  ) {}

  async buscar(actor: Actor, q: string, limitPedido?: number, cursor?: string): Promise<DocumentosPage> {
    const limit = tope(limitPedido);
    const busqueda = clasificarBusqueda(q);
    const ambito = ambitoDe(actor);
    if (!ambito) return { items: [], nextCursor: null };
    let despuesDe: BuscarQuery['despuesDe'];
    if (cursor && busqueda.modo === 'expediente') {
      const [numeroExpediente] = decodeCursor(cursor, ['string']);
      despuesDe = { numeroExpediente };
    } else if (cursor) {
      const [rank, id] = decodeCursor(cursor, ['number', 'string']);
      despuesDe = { rank, id: uuid(id) };
    }
    const key = { busqueda, areaId: ambito.areaId ?? null, limit, cursor: cursor ?? null };
    return this.cache.getOrLoad(NS_DOCUMENTOS_BUSQUEDA, key, 'search', async () => {
      const rows = await this.repo.buscar({ busqueda, areaId: ambito.areaId, limit, despuesDe });
      const last = rows[rows.length - 1];
      let nextCursor: string | null = null;
      if (rows.length === limit && last) {
        nextCursor =
          busqueda.modo === 'expediente' ? encodeCursor([last.numero_expediente]) : encodeCursor([Number(last.rank), last.id]);
      }
      return { items: rows.map(rowToDocumentoDto), nextCursor };
    });
  }

  /** The case number is validated (400), then read through the detail path: cache, scoping, 404. */
  async porExpediente(actor: Actor, numeroExpediente: string): Promise<DocumentoDto> {
    const { anio, correlativo } = parseNumeroExpediente(numeroExpediente);
    const id = await this.repo.porExpediente(formatNumeroExpediente(anio, correlativo));
    if (!id) throw new DomainException(DocumentosErrors.DOCUMENTO_NOT_FOUND, 404, 'Documento no encontrado');
    return this.documentos.obtener(actor, id);
  }

  async estadisticas(actor: Actor, fechaDesde?: string, fechaHasta?: string): Promise<EstadisticasDto> {
    const hoy = fechaLima(new Date());
    const hasta = fechaHasta ?? hoy;
    const desde = fechaDesde ?? sumarDiasCalendario(hasta, -(DIAS_POR_DEFECTO - 1));
    if (!esFechaLima(desde) || !esFechaLima(hasta) || desde > hasta) {
      throw rangoInvalido('fechaDesde y fechaHasta son fechas YYYY-MM-DD con fechaDesde <= fechaHasta');
    }
    const inicio = inicioDiaLima(desde);
    const fin = inicioDiaLima(sumarDiasCalendario(hasta, 1));
    const dias = Math.round((fin.getTime() - inicio.getTime()) / DIA_MS);
    if (dias > MAX_DIAS_ESTADISTICAS) throw rangoInvalido(`El rango abarca como máximo ${MAX_DIAS_ESTADISTICAS} días`);
    // Counts carry no personal data: SRE may read them too.
    const ambito = ambitoDeConteos(actor);
    const areaId = ambito ? ambito.areaId : -1;
    const key = { desde, hasta, areaId: areaId ?? null };
    return this.cache.getOrLoad(NS_DOCUMENTOS_ESTADISTICAS, key, 'stats', async () => {
      const ahora = new Date();
      const porVencerHasta = (await this.calendario.plazos()).sumarDiasHabiles(ahora, DIAS_HABILES_POR_VENCER);
      const rows = await this.repo.estadisticas({ desde: inicio, hasta: fin, porVencerHasta, areaId });
      return armarEstadisticas(rows, { desde, hasta, dias, areaId: areaId ?? null, porVencerHasta, ahora });
    });
  }

  async vencidos(actor: Actor, areaIdPedida?: number, limitPedido?: number, cursor?: string): Promise<DocumentosVencidosPage> {
    const limit = tope(limitPedido);
    const areaId = areaDeLista(actor, areaIdPedida);
    if (areaId === false) return { items: [], nextCursor: null };
    let despuesDe: { fechaLimiteUs: string; id: string } | undefined;
    if (cursor) {
      const [fechaLimiteUs, id] = decodeCursor(cursor, ['string', 'string']);
      if (!/^-?\d{1,19}$/.test(fechaLimiteUs)) throw cursorInvalido();
      despuesDe = { fechaLimiteUs, id: uuid(id) };
    }
    const plazos = await this.calendario.plazos();
    const ahora = new Date();
    const rows = await this.repo.vencidos({
      hasta: plazos.sumarDiasHabiles(ahora, DIAS_HABILES_POR_VENCER),
      areaId,
      limit,
      despuesDe,
    });
    const items = rows.map((r): DocumentoVencidoDto => {
      const dto = rowToDocumentoDto(r);
      const limite: Date = r.fecha_limite;
      const vencido = limite.getTime() < ahora.getTime();
      return {
        ...dto,
        fechaLimite: limite.toISOString(),
        vencido,
        ...(vencido
          ? { diasVencido: plazos.diasHabilesEntre(limite, ahora) }
          : { diasRestantes: plazos.diasHabilesEntre(ahora, limite) }),
      };
    });
    const last = rows[rows.length - 1];
    return { items, nextCursor: rows.length === limit && last ? encodeCursor([last.fecha_limite_us, last.id]) : null };
  }
}

function tope(limit?: number): number {
  return Math.min(Math.max(limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A forged cursor with a non-uuid id would be a database error; it is a bad cursor. */
function uuid(id: string): string {
  if (!UUID.test(id)) throw cursorInvalido();
  return id;
}

function cursorInvalido(): DomainException {
  return new DomainException(DocumentosErrors.CURSOR_INVALIDO, 400, 'Cursor de paginación inválido o alterado.');
}

function rangoInvalido(detail: string): DomainException {
  return new DomainException(DocumentosConsultasErrors.RANGO_FECHAS_INVALIDO, 400, detail);
}

function armarEstadisticas(
  rows: EstadisticaRow[],
  r: { desde: string; hasta: string; dias: number; areaId: number | null; porVencerHasta: Date; ahora: Date },
): EstadisticasDto {
  const de = <K>(grupo: EstadisticaRow['grupo'], clave: (c: string | null) => K): ConteoPor<K>[] =>
    rows
      .filter((x) => x.grupo === grupo)
      .map((x) => ({ clave: clave(x.clave), total: x.total }))
      .sort((a, b) => b.total - a.total);
  const total = rows.find((x) => x.grupo === 'total');
  const porFecha = new Map(rows.filter((x) => x.grupo === 'dia').map((x) => [x.clave, x.total]));
  const porDia = Array.from({ length: r.dias }, (_, i) => {
    const fecha = sumarDiasCalendario(r.desde, i);
    return { fecha, total: porFecha.get(fecha) ?? 0 };
  });
  return {
    fechaDesde: r.desde,
    fechaHasta: r.hasta,
    areaId: r.areaId,
    total: total?.total ?? 0,
    porEstado: de('estado', (c) => c as EstadoDocumento),
    porPrioridad: de('prioridad', (c) => c as Prioridad),
    porArea: de('area', (c) => (c === null ? null : Number(c))),
    porTipo: de('tipo', (c) => Number(c)),
    porDia,
    vencidos: total?.vencidos ?? 0,
    porVencer: total?.por_vencer ?? 0,
    porVencerHasta: r.porVencerHasta.toISOString(),
    generadoEn: r.ahora.toISOString(),
  };
}
