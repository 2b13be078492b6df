import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import {
  ApiHeader,
  ApiNotModifiedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { BusClient } from '@mesa/shared/app';
import { Public } from '@mesa/shared/auth';
import { EstadoDocumento, SeguimientoPatterns, SeguimientoPublico, Services } from '@mesa/shared/contracts';
import { CODIGO_SEGUIMIENTO_LONGITUD } from '@mesa/shared/domain';
import { ApiProblems } from '../common/problem.schema';
import { ETAG_LENGTH, responderConEtag } from '../common/etag';
import { LimitePublico } from '../rate-limit/rate-limit.module';

class MovimientoPublicoSchema {
  @ApiProperty({ format: 'date-time' }) fecha: string;
  @ApiProperty({ enum: ['REGISTRADO', 'CAMBIO_ESTADO', 'CAMBIO_AREA'] }) evento: string;
  @ApiProperty({ enum: EstadoDocumento, nullable: true }) estado: EstadoDocumento | null;
  @ApiProperty({ type: String, maxLength: 150, nullable: true, description: 'Office name' }) area: string | null;
}

class SeguimientoPublicoSchema {
  @ApiProperty({ maxLength: 20, example: 'EXP-2026-000123' }) numeroExpediente: string;
  @ApiProperty({ enum: EstadoDocumento }) estado: EstadoDocumento;
  @ApiProperty({ type: String, maxLength: 150, nullable: true }) areaActual: string | null;
  @ApiProperty({ format: 'date-time' }) fechaRecepcion: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) fechaLimite: string | null;
  @ApiProperty({ type: [MovimientoPublicoSchema] }) movimientos: MovimientoPublicoSchema[];
}

/** The receipt's code: 16 characters of its alphabet, printed in groups of 4 (K7QF-9XMB-2HTC-W4RD); case and dashes are ignored. */
const CODIGO = { type: 'string', minLength: CODIGO_SEGUIMIENTO_LONGITUD, maxLength: CODIGO_SEGUIMIENTO_LONGITUD + 3, pattern: '^[2-9A-HJ-NP-Za-hj-np-z-]+$' };

/** Citizens follow their case without an account: case number plus the receipt's code. */
@ApiTags('seguimiento')
@Controller('public/seguimiento')
export class SeguimientoController {
  constructor(private readonly bus: BusClient) {}

  @Get(':numeroExpediente')
  @Public()
  @LimitePublico()
  @ApiOperation({ summary: 'Public tracking: state, current office and dated movements, nothing more' })
  @ApiQuery({ name: 'codigo', description: 'Verification code printed on the receipt (dashes optional)', schema: CODIGO })
  @ApiHeader({ name: 'If-None-Match', required: false })
  @ApiOkResponse({ type: SeguimientoPublicoSchema, headers: { ETag: { description: 'Validator for polling', schema: { type: 'string', minLength: ETAG_LENGTH, maxLength: ETAG_LENGTH } } } })
  @ApiNotModifiedResponse({ description: 'Unchanged since the given ETag' })
  @ApiProblems(404, 429, 504)
  async consultar(
    @Param('numeroExpediente') numeroExpediente: string,
    @Query('codigo') codigo: string | undefined,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const respuesta = await this.bus.send<SeguimientoPublico>(Services.DOCUMENTOS, SeguimientoPatterns.SEGUIMIENTO, {
      numeroExpediente,
      codigo: typeof codigo === 'string' ? codigo : '',
    });
    // Clients revalidate every time; the code in the URL keeps shared caches out.
    await responderConEtag(reply, respuesta, ifNoneMatch);
  }
}
