import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { BusClient } from '@mesa/shared/app';
import { Actor, ComprobanteReply, QrReply, SeguimientoPatterns, Services } from '@mesa/shared/contracts';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiProblems } from '../common/problem.schema';
import { documentoIdPipe } from '../documentos/documento-id.pipe';
import { LecturasAuditoria } from '../lecturas/lecturas.auditoria';

/** The receipt (cargo) of a case and its QR; visible to whoever may read the document. */
@ApiTags('documentos')
@ApiBearerAuth()
@Controller('documentos')
export class ComprobanteController {
  constructor(
    private readonly bus: BusClient,
    private readonly lecturas: LecturasAuditoria,
  ) {}

  @Get(':id/comprobante')
  @ApiOperation({ summary: 'Receipt PDF: case number, legal date and time, folios, subject, office, and the tracking QR' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The receipt', schema: { type: 'string', format: 'binary' } })
  @ApiProblems(401, 404, 409, 504)
  async comprobante(@CurrentActor() actor: Actor, @Param('id', documentoIdPipe) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const r = await this.bus.send<ComprobanteReply>(Services.DOCUMENTOS, SeguimientoPatterns.COMPROBANTE, { actor, id });
    this.lecturas.registrar(actor, id, 'COMPROBANTE');
    void reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `inline; filename="cargo-${r.numeroExpediente}.pdf"`)
      .header('cache-control', 'private, no-store');
    return Buffer.from(r.pdfBase64, 'base64');
  }

  @Get(':id/qr')
  @ApiOperation({ summary: "The receipt's QR (public tracking URL with the verification code) as PNG" })
  @ApiProduces('image/png')
  @ApiOkResponse({ description: 'The QR code', schema: { type: 'string', format: 'binary' } })
  @ApiProblems(401, 404, 409, 504)
  async qr(@CurrentActor() actor: Actor, @Param('id', documentoIdPipe) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const r = await this.bus.send<QrReply>(Services.DOCUMENTOS, SeguimientoPatterns.QR, { actor, id });
    this.lecturas.registrar(actor, id, 'QR');
    void reply.header('content-type', 'image/png').header('cache-control', 'private, no-store');
    return Buffer.from(r.pngBase64, 'base64');
  }
}
