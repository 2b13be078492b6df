import { Injectable } from '@nestjs/common';
import { assertPuedeVerArea } from '@mesa/shared/auth';
import { CacheService } from '@mesa/shared/cache';
import {
  Actor,
  DEFAULT_PAGE_SIZE,
  DocumentoDto,
  DocumentosErrors,
  DocumentosPage,
  ListarDocumentosFiltros,
  MAX_PAGE_SIZE,
  RegistrarDocumentoInput,
  Rol,
} from '@mesa/shared/contracts';
import { anioLima, decodeCursor, encodeCursor, generarCodigoVerificacion, hashCodigo, inicioDiaLima, sumarDiasCalendario } from '@mesa/shared/domain';
import { DomainException, forbidden } from '@mesa/shared/errors';
import { CalendarioService } from '../catalogos/calendario.service';
import { CatalogosService } from '../catalogos/catalogos.service';
import { rowToDocumentoDto, toDocumentoDto } from './documento.mapper';
import { DocumentoRow, DocumentosRepository } from './documentos.repository';

export const NS_DOCUMENTO = 'documento';
export const NS_DOCUMENTOS_LIST = 'documentos:list';
const FECHA = /^\d{4}-\d{2}-\d{2}$/;

export interface DocumentoRegistrado extends DocumentoDto {
  /** The citizen's tracking code: shown once, on registration and on the receipt. */
  codigoVerificacion: string;
}

@Injectable()
export class DocumentosService {
  constructor(
    private readonly repo: DocumentosRepository,
    private readonly cache: CacheService,
    private readonly calendario: CalendarioService,
    private readonly catalogos: CatalogosService,
  ) {}

  async registrar(actor: Actor, input: RegistrarDocumentoInput): Promise<DocumentoRegistrado | DocumentoDto> {
    if (actor.rol !== Rol.ADMIN && actor.rol !== Rol.MESA_PARTES) {
      throw forbidden('ROL_NO_PERMITIDO', 'Solo Mesa de Partes registra documentos');
    }
    if (input.origenExterno && input.idExterno) {
      const existente = await this.repo.porExterno(input.origenExterno, input.idExterno);
      if (existente) return toDocumentoDto(existente);
    }
    const tipos = await this.catalogos.tipos();
    const tipo = tipos.find((t) => t.id === input.tipoDocumentoId && t.activo);
    if (!tipo) {
      throw new DomainException(DocumentosErrors.TIPO_DOCUMENTO_INVALIDO, 400, 'Tipo de documento inexistente o inactivo', [
        { field: 'tipoDocumentoId', message: 'no existe o está inactivo' },
      ]);
    }
    if (input.areaActualId !== undefined) {
      const areas = await this.catalogos.areas();
      if (!areas.some((a) => a.id === input.areaActualId && a.activa)) {
        throw new DomainException(DocumentosErrors.AREA_INVALIDA, 400, 'Área inexistente o inactiva', [
          { field: 'areaActualId', message: 'no existe o está inactiva' },
        ]);
      }
    }
    const plazos = await this.calendario.plazos();
    const presentadoEn = new Date();
    const fechaRecepcion = plazos.fechaRecepcionLegal(presentadoEn);
    const codigo = generarCodigoVerificacion();

    let row: DocumentoRow;
    try {
      [row] = await this.repo.registrar(
        anioLima(presentadoEn),
        [
          {
            tipo_documento_id: tipo.id,
            numero_documento_externo: input.numeroDocumentoExterno ?? null,
            remitente: input.remitente,
            asunto: input.asunto,
            numero_folios: input.numeroFolios,
            tiene_anexos: input.tieneAnexos ?? false,
            prioridad: input.prioridad,
            fecha_presentacion: presentadoEn,
            fecha_recepcion: fechaRecepcion,
            fecha_limite: plazos.sumarDiasHabiles(fechaRecepcion, tipo.plazoDias),
            area_actual_id: input.areaActualId ?? null,
            codigo_verificacion_hash: hashCodigo(codigo),
            expediente_relacionado_id: input.expedienteRelacionadoId ?? null,
            etiquetas: input.etiquetas ?? [],
            observaciones: input.observaciones ?? null,
            origen_externo: input.origenExterno ?? null,
            id_externo: input.idExterno ?? null,
          },
        ],
        { userId: actor.userId, ip: actor.ip ?? null },
      );
    } catch (err) {
      // Two deliveries of one inbound document raced: the unique (origen, id) index decided.
      if (input.origenExterno && input.idExterno && (err as { code?: string }).code === '23505') {
        const existente = await this.repo.porExterno(input.origenExterno, input.idExterno);
        if (existente) return toDocumentoDto(existente);
      }
      throw err;
    }
    await this.cache.invalidate(NS_DOCUMENTOS_LIST);
    return { ...rowToDocumentoDto(row), codigoVerificacion: codigo };
  }

  async obtener(actor: Actor, id: string): Promise<DocumentoDto> {
    const dto = await this.cache.getOrLoad(NS_DOCUMENTO, id, 'detail', async () => {
      const d = await this.repo.porId(id);
      return d ? toDocumentoDto(d) : null;
    });
    if (!dto) throw new DomainException(DocumentosErrors.DOCUMENTO_NOT_FOUND, 404, 'Documento no encontrado');
    assertPuedeVerArea(actor, dto.areaActualId, DocumentosErrors.DOCUMENTO_NOT_FOUND, 'Documento');
    return dto;
  }

  async listar(actor: Actor, f: ListarDocumentosFiltros): Promise<DocumentosPage> {
    const limit = Math.min(Math.max(f.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
    let areaActualId = f.areaActualId;
    if (actor.rol === Rol.AREA) {
      // An office sees only its own documents, whatever it asks for.
      if (areaActualId !== undefined && areaActualId !== actor.areaId) return { items: [], nextCursor: null };
      areaActualId = actor.areaId ?? -1;
    }
    const after = f.cursor ? decodeCursor(f.cursor, ['date', 'string']) : undefined;
    const query = {
      estado: f.estado,
      prioridad: f.prioridad,
      tipoDocumentoId: f.tipoDocumentoId,
      areaActualId,
      fechaDesde: f.fechaDesde ? limite(f.fechaDesde, 'desde') : undefined,
      fechaHasta: f.fechaHasta ? limite(f.fechaHasta, 'hasta') : undefined,
      limit,
    };
    return this.cache.getOrLoad(NS_DOCUMENTOS_LIST, { ...query, cursor: f.cursor ?? null }, 'list', async () => {
      const rows = await this.repo.listar({
        ...query,
        after: after ? { fechaRecepcion: after[0] as Date, id: after[1] as string } : undefined,
      });
      const last = rows[rows.length - 1];
      return {
        items: rows.map(toDocumentoDto),
        nextCursor: rows.length === limit && last ? encodeCursor([last.fechaRecepcion, last.id]) : null,
      };
    });
  }
}

/** Date filters: a plain date means the whole Lima day (hasta inclusive). */
function limite(valor: string, lado: 'desde' | 'hasta'): string {
  if (FECHA.test(valor)) {
    return (lado === 'desde' ? inicioDiaLima(valor) : inicioDiaLima(sumarDiasCalendario(valor, 1))).toISOString();
  }
  return new Date(valor).toISOString();
}
