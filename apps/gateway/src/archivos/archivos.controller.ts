import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Logger,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import * as FileType from 'file-type';
import { APP_CONFIG, BusClient } from '@mesa/shared/app';
import { Roles } from '@mesa/shared/auth';
import type { AppConfig } from '@mesa/shared/config';
import {
  Actor,
  ArchivoDto,
  ClaveIdempotencia,
  ArchivosErrors,
  ArchivosPage,
  ArchivosPatterns,
  ArchivoUbicado,
  Rol,
  Services,
} from '@mesa/shared/contracts';
import { badRequest, DomainException, ErrorCodes, notFound } from '@mesa/shared/errors';
import { Storage, StorageLimitExceeded, StorageNotFound } from '@mesa/shared/storage';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiProblems } from '../common/problem.schema';
import { Clave, Idempotente } from '../idempotencia';
import { requestHash } from '../idempotencia/request-hash';
import { documentoIdPipe } from '../documentos/documento-id.pipe';
import { LecturasAuditoria } from '../lecturas/lecturas.auditoria';
import { HistorialQuery } from '../tramite/tramite.dto';
import { ArchivoSchema, ArchivosPageSchema, SubirArchivoSchema } from './archivos.dto';
import { disposicion, nombreSeguro, tipoVerificado } from './tipos-archivo';

const archivoIdPipe = new ParseUUIDPipe({
  exceptionFactory: () => notFound(ArchivosErrors.ARCHIVO_NOT_FOUND, 'Archivo no encontrado'),
});

/** Fields besides the file a client may send (ignored); bounds the work one request can cause. */
const MAX_CAMPOS = 5;

/** file-type reads at most this much to tell a type. */
const MUESTRA_BYTES = 4100;

/**
 * The type of an upload from its first bytes, and the whole content as one stream again (those
 * bytes first). `descartar` reads the rest to nothing, so a refused upload still ends cleanly.
 */
async function conMuestra(
  fuente: Readable,
): Promise<{ tipo: { mime: string } | undefined; contenido: Readable; descartar: () => Promise<void> }> {
  const it = fuente[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const trozos: Buffer[] = [];
  let leidos = 0;
  let terminado = false;
  while (leidos < MUESTRA_BYTES) {
    const r = await it.next();
    if (r.done) {
      terminado = true;
      break;
    }
    trozos.push(r.value);
    leidos += r.value.length;
  }
  const cabeza = Buffer.concat(trozos);
  const tipo = await FileType.fromBuffer(cabeza);
  async function* resto(): AsyncGenerator<Buffer> {
    if (cabeza.length) yield cabeza;
    if (terminado) return;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
    terminado = true;
  }
  const descartar = async () => {
    if (terminado) return;
    for (let r = await it.next(); !r.done; r = await it.next());
    terminado = true;
  };
  return { tipo, contenido: Readable.from(resto(), { objectMode: false }), descartar };
}

const demasiadoGrande = (max: number) =>
  new DomainException(ArchivosErrors.ARCHIVO_DEMASIADO_GRANDE, 413, `El archivo supera el máximo de ${max} bytes.`);

/**
 * Attachments of a document. Upload: the bytes stream to Storage (SHA-256 taken on the way)
 * after the type is detected from the first bytes; then documentos-service records the row. If
 * it refuses (unknown or foreign document, closed case), the stored bytes are deleted. Whoever
 * may read the document lists and downloads; MESA_PARTES, ADMIN and the office holding it
 * upload and delete; AUDITOR only reads.
 */
@ApiTags('documentos')
@ApiBearerAuth()
@Controller('documentos')
export class ArchivosController {
  private readonly log = new Logger(ArchivosController.name);

  constructor(
    private readonly bus: BusClient,
    private readonly storage: Storage,
    private readonly lecturas: LecturasAuditoria,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post(':id/archivos')
  @Roles(Rol.MESA_PARTES, Rol.ADMIN, Rol.AREA)
  @Idempotente()
  @ApiOperation({ summary: 'Attach a file (multipart, field "archivo"); its type is checked from the content' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: SubirArchivoSchema })
  @ApiCreatedResponse({ type: ArchivoSchema })
  @ApiProblems(400, 401, 403, 404, 409, 413, 415, 422, 504)
  async subir(
    @CurrentActor() actor: Actor,
    @Param('id', documentoIdPipe) documentoId: string,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Clave() clave?: ClaveIdempotencia,
  ): Promise<ArchivoDto> {
    if (!req.isMultipart()) {
      throw new DomainException(ArchivosErrors.MULTIPART_REQUERIDO, 415, 'Envíe el archivo como multipart/form-data.');
    }
    // Who may attach to this document is known before a byte is read or stored.
    await this.bus.send(Services.DOCUMENTOS, ArchivosPatterns.PUEDE_ADJUNTAR, { actor, documentoId });
    const max = this.config.MAX_UPLOAD_BYTES;
    // One byte over the limit is let through so that Storage sees an oversized file and refuses it.
    const parte = await req.file({
      limits: { fileSize: max + 1, files: 1, fields: MAX_CAMPOS, parts: MAX_CAMPOS + 1 },
      throwFileSizeLimit: false,
    });
    if (!parte)
      throw badRequest(ArchivosErrors.ARCHIVO_REQUERIDO, 'Falta el archivo', [
        { field: 'archivo', message: 'requerido' },
      ]);
    const fuente = parte.file;
    const { tipo, contenido, descartar } = await conMuestra(fuente);
    let tipoMime: string;
    try {
      tipoMime = tipoVerificado(parte.filename ?? '', tipo);
    } catch (err) {
      await descartar();
      throw err;
    }
    const archivoId = randomUUID();
    const storageKey = `archivos/${documentoId}/${archivoId}`;
    let guardado: { size: number; sha256: string };
    try {
      guardado = await this.storage.put(storageKey, contenido, { maxBytes: max });
    } catch (err) {
      await descartar();
      if (err instanceof StorageLimitExceeded) throw demasiadoGrande(max);
      throw err;
    }
    if (fuente.truncated) {
      await this.storage.delete(storageKey);
      throw demasiadoGrande(max);
    }
    const nombre = nombreSeguro(parte.filename, tipoMime);
    try {
      const archivo = await this.bus.send<ArchivoDto>(Services.DOCUMENTOS, ArchivosPatterns.REGISTRAR, {
        actor,
        documentoId,
        archivo: { id: archivoId, nombre, tipoMime, tamano: guardado.size, hash: guardado.sha256, storageKey },
        // The body was not read when the key was claimed: the same upload is the same file and name.
        idempotencia: clave && {
          key: clave.key,
          requestHash: requestHash(req.method, req.routeOptions.url ?? req.url, { nombre, hash: guardado.sha256 }),
        },
      });
      // A retry answered by the first upload's row: these bytes are a copy nobody refers to.
      if (archivo.id !== archivoId) await this.descartar(storageKey);
      void reply.header('location', `/api/v1/documentos/${documentoId}/archivos/${archivo.id}`);
      return archivo;
    } catch (err) {
      // After a timeout the row may have been recorded after all: keep the bytes rather than
      // leave a row without them. Any other failure means no row, so no bytes either.
      if (!(err instanceof DomainException && err.code === ErrorCodes.BUS_TIMEOUT)) await this.descartar(storageKey);
      throw err;
    }
  }

  private async descartar(storageKey: string): Promise<void> {
    await this.storage.delete(storageKey).catch((e: Error) => this.log.warn(`Could not delete an unused upload: ${e.message}`));
  }

  @Get(':id/archivos')
  @ApiOperation({ summary: "A document's attachments, oldest first, keyset-paginated" })
  @ApiOkResponse({ type: ArchivosPageSchema })
  @ApiProblems(400, 401, 404, 504)
  async listar(
    @CurrentActor() actor: Actor,
    @Param('id', documentoIdPipe) documentoId: string,
    @Query() query: HistorialQuery,
  ): Promise<ArchivosPage> {
    const page = await this.bus.send<ArchivosPage>(Services.DOCUMENTOS, ArchivosPatterns.LISTAR, {
      actor,
      documentoId,
      ...query,
    });
    this.lecturas.registrar(actor, documentoId, 'ARCHIVOS');
    return page;
  }

  @Get(':id/archivos/:archivoId')
  @ApiOperation({ summary: 'Download an attachment (streamed)' })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({
    description: 'The file, with its detected type and its name',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiProblems(401, 404, 504)
  async descargar(
    @CurrentActor() actor: Actor,
    @Param('id', documentoIdPipe) documentoId: string,
    @Param('archivoId', archivoIdPipe) archivoId: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { archivo, storageKey } = await this.bus.send<ArchivoUbicado>(Services.DOCUMENTOS, ArchivosPatterns.OBTENER, {
      actor,
      documentoId,
      archivoId,
    });
    let cuerpo: Readable;
    try {
      cuerpo = await this.storage.get(storageKey);
    } catch (err) {
      if (!(err instanceof StorageNotFound)) throw err;
      this.log.error(`Attachment ${archivo.id} has a row but no stored bytes`);
      throw notFound(ArchivosErrors.ARCHIVO_NOT_FOUND, 'Archivo no encontrado');
    }
    this.lecturas.registrar(actor, documentoId, 'ARCHIVO', archivo.id);
    await reply
      .header('content-type', archivo.tipoMime)
      .header('content-length', String(archivo.tamano))
      .header('content-disposition', disposicion(archivo.nombre))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .header('etag', `"${archivo.hash}"`)
      .send(cuerpo);
  }

  @Delete(':id/archivos/:archivoId')
  @HttpCode(204)
  @Roles(Rol.MESA_PARTES, Rol.ADMIN, Rol.AREA)
  @ApiOperation({ summary: 'Delete an attachment (recorded in the history)' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblems(401, 403, 404, 409, 504)
  async eliminar(
    @CurrentActor() actor: Actor,
    @Param('id', documentoIdPipe) documentoId: string,
    @Param('archivoId', archivoIdPipe) archivoId: string,
  ): Promise<void> {
    const { storageKey } = await this.bus.send<ArchivoUbicado>(Services.DOCUMENTOS, ArchivosPatterns.ELIMINAR, {
      actor,
      documentoId,
      archivoId,
    });
    // The row is gone; bytes left by a failure here are unreachable, never served.
    await this.storage
      .delete(storageKey)
      .catch((e: Error) => this.log.warn(`Could not delete the bytes of a deleted attachment: ${e.message}`));
  }
}
