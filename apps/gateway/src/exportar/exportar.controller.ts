import { Readable } from 'node:stream';
import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { BusClient } from '@mesa/shared/app';
import { Actor, DocumentoDto, DocumentosLotePatterns, ExportarPaginaReply, Services } from '@mesa/shared/contracts';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiProblems } from '../common/problem.schema';
import { csvRow } from './csv';
import { ExportarDocumentosQuery } from '../lote/lote.dto';

const COLUMNAS: [string, (d: DocumentoDto) => string | number | null][] = [
  ['numeroExpediente', (d) => d.numeroExpediente],
  ['fechaRecepcion', (d) => d.fechaRecepcion],
  ['fechaPresentacion', (d) => d.fechaPresentacion],
  ['fechaLimite', (d) => d.fechaLimite],
  ['estado', (d) => d.estado],
  ['prioridad', (d) => d.prioridad],
  ['tipoDocumentoId', (d) => d.tipoDocumentoId],
  ['areaActualId', (d) => d.areaActualId],
  ['remitente', (d) => d.remitente],
  ['asunto', (d) => d.asunto],
  ['numeroDocumentoExterno', (d) => d.numeroDocumentoExterno],
  ['numeroFolios', (d) => d.numeroFolios],
  ['tieneAnexos', (d) => String(d.tieneAnexos)],
  ['etiquetas', (d) => d.etiquetas.join('|')],
  ['id', (d) => d.id],
];

/**
 * CSV export. The bus carries request/reply messages, not streams, and the gateway must not read
 * the documentos schema itself; so the gateway asks documentos-service for keyset pages (the
 * list's query and indexes, EXPORT_PAGE_SIZE rows each) one at a time and writes each page to
 * the response as it arrives. The readable is pulled by the socket: the next page is requested
 * only when the previous one has been written, so memory stays at one page whatever the size.
 */
@ApiTags('documentos')
@ApiBearerAuth()
@Controller('documentos')
export class ExportarController {
  constructor(private readonly bus: BusClient) {}

  @Get('exportar')
  @ApiOperation({ summary: 'Every document matching the list filters, as CSV (AREA users: their office only)' })
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description: 'The CSV, streamed',
    content: { 'text/csv': { schema: { type: 'string', format: 'binary' } } },
    headers: { 'Content-Disposition': { description: 'attachment; filename="documentos-<fecha>.csv"', schema: { type: 'string', maxLength: 100 } } },
  })
  @ApiProblems(400, 401, 504)
  async exportar(@CurrentActor() actor: Actor, @Query() query: ExportarDocumentosQuery, @Res() reply: FastifyReply): Promise<void> {
    const pagina = (cursor?: string) =>
      this.bus.send<ExportarPaginaReply>(Services.DOCUMENTOS, DocumentosLotePatterns.EXPORTAR_PAGINA, {
        actor,
        filtros: { ...query, cursor },
      });
    // The first page is read before answering, so a failure there is still a problem JSON; a
    // failure on a later page destroys the socket, so the client sees an incomplete download
    // rather than a short file that looks complete.
    const primera = await pagina();
    async function* lineas(): AsyncGenerator<string> {
      // A byte order mark lets spreadsheets read the UTF-8 (accents in names) correctly.
      yield `\uFEFF${csvRow(COLUMNAS.map(([nombre]) => nombre))}`;
      let page: ExportarPaginaReply = primera;
      for (;;) {
        yield page.items.map((d) => csvRow(COLUMNAS.map(([, valor]) => valor(d)))).join('');
        if (!page.nextCursor) return;
        page = await pagina(page.nextCursor);
      }
    }
    const fecha = new Date().toISOString().slice(0, 10);
    await reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="documentos-${fecha}.csv"`)
      .header('cache-control', 'no-store')
      .send(Readable.from(lineas(), { objectMode: false }));
  }
}
