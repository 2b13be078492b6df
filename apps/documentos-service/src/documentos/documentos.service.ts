import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { areaDeLista, assertPuedeVerArea } from '@mesa/shared/auth';
import { CacheService } from '@mesa/shared/cache';
import {
  Actor,
  ClaveIdempotencia,
  DEFAULT_PAGE_SIZE,
  DOCUMENTO_DETALLE_CACHE,
  DocumentoDto,
  DocumentosErrors,
  DocumentosPage,
  ListarDocumentosFiltros,
  MAX_PAGE_SIZE,
  RegistrarDocumentoInput,
  Rol,
} from '@mesa/shared/contracts';
import { anioLima, decodeCursor, encodeCursor, hashCodigo, inicioDiaLima, sumarDiasCalendario } from '@mesa/shared/domain';
import { unaVez } from '@mesa/shared/database';
import { DomainException, forbidden } from '@mesa/shared/errors';
import { PlazosService } from '../catalogos/plazos.service';
import { invalidarConsultas } from '../consultas/consultas.namespaces';
import { CatalogosService } from '../catalogos/catalogos.service';
import { CodigosSeguimiento } from '../seguimiento/codigos-seguimiento.service';
import { rowToDocumentoDto, toDocumentoDto } from './documento.mapper';
import { DocumentoRow, DocumentosRepository, ExternoYaRegistrado, ListQuery } from './documentos.repository';

export const NS_DOCUMENTOS_LIST = 'documentos:list';
const FECHA = /^\d{4}-\d{2}-\d{2}$/;

export interface DocumentoRegistrado extends DocumentoDto {
  /** The citizen's tracking code: shown once, on registration and on the receipt. */
  codigoSeguimiento: string;
}

@Injectable()
export class DocumentosService {
  constructor(
    private readonly repo: DocumentosRepository,
    private readonly cache: CacheService,
    private readonly calendario: PlazosService,
    private readonly catalogos: CatalogosService,
    private readonly codigosSeguimiento: CodigosSeguimiento,
  ) {}

  async registrar(actor: Actor, input: RegistrarDocumentoInput, clave?: ClaveIdempotencia): Promise<DocumentoRegistrado | DocumentoDto> {
    const [doc] = await this.registrarVarios(actor, [input], (_, field) => field, clave);
    return doc;
  }

  /**
   * Single and batch intake share this path: catalogues read and dates computed once, every
   * new document written by ONE statement (consecutive case numbers, one transaction). A known
   * (origenExterno, idExterno), in the database or earlier in the same batch, answers the case
   * it already has (without a tracking code, which is shown only once), so a sending system may
   * retry a whole batch safely. With an Idempotency-Key, the key and the answer are written in
   * the registration's transaction (`unaVez`): a retry answers the same cases, codes included.
   * Answers in input order.
   */
  async registrarVarios(
    actor: Actor,
    inputs: RegistrarDocumentoInput[],
    fieldOf: (index: number, field: string) => string,
    clave?: ClaveIdempotencia,
  ): Promise<(DocumentoRegistrado | DocumentoDto)[]> {
    if (actor.rol !== Rol.ADMIN && actor.rol !== Rol.MESA_PARTES) {
      throw forbidden('ROL_NO_PERMITIDO', 'Solo Mesa de Partes registra documentos');
    }
    const registrar = () =>
      clave
        ? this.repo.transaccion('documentos.register_idempotent', (m) =>
            unaVez(m, 'documentos', actor.userId, clave, () => this.registrarUnaVez(actor, inputs, fieldOf, m)),
          )
        : this.registrarUnaVez(actor, inputs, fieldOf);
    let docs: (DocumentoRegistrado | DocumentoDto)[];
    try {
      docs = await registrar();
    } catch (err) {
      // A concurrent delivery of the same (origen, id) won the unique index: the statement rolled
      // back whole, and a second pass finds that case and registers only the rest.
      if (!(err instanceof ExternoYaRegistrado)) throw err;
      docs = await registrar();
    }
    // After the commit, so that no read in between caches the lists without the new cases.
    if (docs.some((d) => 'codigoSeguimiento' in d)) {
      await this.cache.invalidate(NS_DOCUMENTOS_LIST);
      await invalidarConsultas(this.cache);
    }
    return docs;
  }

  private async registrarUnaVez(
    actor: Actor,
    inputs: RegistrarDocumentoInput[],
    fieldOf: (index: number, field: string) => string,
    m?: EntityManager,
  ): Promise<(DocumentoRegistrado | DocumentoDto)[]> {
    const conocidos = new Map<string, DocumentoDto>();
    const pares = inputs.filter(externo).map((i) => ({ origen: i.origenExterno as string, id: i.idExterno as string }));
    if (pares.length) {
      for (const d of await this.repo.porExternos(pares)) conocidos.set(claveExterna(d.origenExterno, d.idExterno), toDocumentoDto(d));
    }
    // Position of each input that needs a new row; a pair repeated inside the batch reuses the first.
    const nuevos: number[] = [];
    const primeraVez = new Map<string, number>();
    const repite = new Map<number, number>();
    inputs.forEach((input, i) => {
      if (!externo(input)) return void nuevos.push(i);
      const clave = claveExterna(input.origenExterno, input.idExterno);
      if (conocidos.has(clave)) return;
      const primera = primeraVez.get(clave);
      if (primera !== undefined) return void repite.set(i, primera);
      primeraVez.set(clave, i);
      nuevos.push(i);
    });

    const registrados = new Map<number, DocumentoRegistrado>();
    if (nuevos.length) {
      const tipos = new Map((await this.catalogos.tipos()).filter((t) => t.activo).map((t) => [t.id, t]));
      const areas = nuevos.some((i) => inputs[i].areaActualId !== undefined)
        ? new Set((await this.catalogos.areas()).filter((a) => a.activa).map((a) => a.id))
        : new Set<number>();
      const errores: { code: string; field: string; message: string }[] = [];
      for (const i of nuevos) {
        const input = inputs[i];
        if (!tipos.has(input.tipoDocumentoId)) {
          errores.push({ code: DocumentosErrors.TIPO_DOCUMENTO_INVALIDO, field: fieldOf(i, 'tipoDocumentoId'), message: 'no existe o está inactivo' });
        }
        if (input.areaActualId !== undefined && !areas.has(input.areaActualId)) {
          errores.push({ code: DocumentosErrors.AREA_INVALIDA, field: fieldOf(i, 'areaActualId'), message: 'no existe o está inactiva' });
        }
      }
      if (errores.length) {
        const code = errores[0].code;
        const detail = code === DocumentosErrors.AREA_INVALIDA ? 'Área inexistente o inactiva' : 'Tipo de documento inexistente o inactivo';
        throw new DomainException(code, 400, detail, errores.map(({ field, message }) => ({ field, message })));
      }

      const plazos = await this.calendario.plazos();
      const presentadoEn = new Date();
      const fechaRecepcion = plazos.fechaRecepcionLegal(presentadoEn);
      const limites = new Map<number, Date>();
      // Ids are chosen here so that each tracking code, derived from its id, is hashed into the insert.
      const ids = nuevos.map(() => randomUUID());
      const codigos = ids.map((id) => this.codigosSeguimiento.derivar(id));
      const rows = await this.repo.registrar(
        anioLima(presentadoEn),
        nuevos.map((i, n) => {
          const input = inputs[i];
          const plazo = (tipos.get(input.tipoDocumentoId) as { plazoDias: number }).plazoDias;
          if (!limites.has(plazo)) limites.set(plazo, plazos.sumarDiasHabiles(fechaRecepcion, plazo));
          return {
            id: ids[n],
            tipoDocumentoId: input.tipoDocumentoId,
            numeroDocumentoExterno: input.numeroDocumentoExterno ?? null,
            remitente: input.remitente,
            asunto: input.asunto,
            numeroFolios: input.numeroFolios,
            tieneAnexos: input.tieneAnexos ?? false,
            prioridad: input.prioridad,
            fechaPresentacion: presentadoEn,
            fechaRecepcion,
            fechaLimite: limites.get(plazo) as Date,
            areaActualId: input.areaActualId ?? null,
            codigoSeguimientoHash: hashCodigo(codigos[n]),
            expedienteRelacionadoId: input.expedienteRelacionadoId ?? null,
            etiquetas: input.etiquetas ?? [],
            observaciones: input.observaciones ?? null,
            origenExterno: input.origenExterno ?? null,
            idExterno: input.idExterno ?? null,
          };
        }),
        { userId: actor.userId, ip: actor.ip ?? null },
        m,
      );
      rows.forEach((row: DocumentoRow, n) => registrados.set(nuevos[n], { ...rowToDocumentoDto(row), codigoSeguimiento: codigos[n] }));
    }
    return inputs.map((input, i) => {
      const nuevo = registrados.get(i);
      if (nuevo) return nuevo;
      const primero = registrados.get(repite.get(i) ?? -1);
      return primero ? omitCodigo(primero) : (conocidos.get(claveExterna(input.origenExterno, input.idExterno)) as DocumentoDto);
    });
  }

  async obtener(actor: Actor, id: string): Promise<DocumentoDto> {
    const dto = await this.cache.getOrLoad(DOCUMENTO_DETALLE_CACHE, id, 'detail', async () => {
      const d = await this.repo.porId(id);
      return d ? toDocumentoDto(d) : null;
    });
    if (!dto) throw new DomainException(DocumentosErrors.DOCUMENTO_NOT_FOUND, 404, 'Documento no encontrado');
    assertPuedeVerArea(actor, dto.areaActualId, DocumentosErrors.DOCUMENTO_NOT_FOUND, 'Documento');
    return dto;
  }

  async listar(actor: Actor, f: ListarDocumentosFiltros): Promise<DocumentosPage> {
    const limit = Math.min(Math.max(f.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
    // An office sees only its own documents, whatever it asks for.
    const areaActualId = areaDeLista(actor, f.areaActualId);
    if (areaActualId === false) return { items: [], nextCursor: null };
    const after = f.cursor ? decodeCursor(f.cursor, ['date', 'string']) : undefined;
    const query = consultaDeLista(f, areaActualId, limit);
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

const externo = (i: RegistrarDocumentoInput) => !!(i.origenExterno && i.idExterno);
const claveExterna = (origen: string | null | undefined, id: string | null | undefined) => `${origen}\u0000${id}`;
const omitCodigo = (registrado: DocumentoRegistrado): DocumentoDto => {
  const dto: DocumentoDto & { codigoSeguimiento?: string } = { ...registrado };
  delete dto.codigoSeguimiento;
  return dto;
};

/** Date filters: a plain date means the whole Lima day (hasta inclusive). */
/** The list's filters as the repository takes them: the office already scoped, dates as instants. */
export function consultaDeLista(
  f: Omit<ListarDocumentosFiltros, 'cursor' | 'limit' | 'areaActualId'>,
  areaActualId: number | undefined,
  limit: number,
): Omit<ListQuery, 'after'> {
  return {
    estado: f.estado,
    prioridad: f.prioridad,
    tipoDocumentoId: f.tipoDocumentoId,
    areaActualId,
    fechaDesde: f.fechaDesde ? limite(f.fechaDesde, 'desde') : undefined,
    fechaHasta: f.fechaHasta ? limite(f.fechaHasta, 'hasta') : undefined,
    limit,
  };
}

function limite(valor: string, lado: 'desde' | 'hasta'): string {
  if (FECHA.test(valor)) {
    return (lado === 'desde' ? inicioDiaLima(valor) : inicioDiaLima(sumarDiasCalendario(valor, 1))).toISOString();
  }
  return new Date(valor).toISOString();
}
