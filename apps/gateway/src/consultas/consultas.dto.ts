import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { Instante } from '../common/fechas';
import { EstadoDocumento, MAX_DIAS_ESTADISTICAS, MAX_PAGE_SIZE, Prioridad } from '@mesa/shared/contracts';
import { DocumentoSchema } from '../documentos/documentos.dto';
import { toInt } from '../common/transforms';
import { IdEnteroQuery } from '../common/enteros';

const FECHA = /^\d{4}-\d{2}-\d{2}$/;

export class BuscarDocumentosQuery {
  @ApiProperty({
    description: 'Words of the subject, sender or external number (accents ignored), part of a sender name, or part of a case number (2026-0001, 000123)',
    example: 'resolucion directoral',
  })
  @IsString()
  @Length(2, 100)
  q: string;
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(MAX_PAGE_SIZE) limit?: number;
  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page' }) @IsOptional() @IsString() @MaxLength(300) cursor?: string;
}

export class EstadisticasQuery {
  @ApiPropertyOptional({ description: 'YYYY-MM-DD (Lima), inclusive; default 29 days before fechaHasta' })
  @IsOptional()
  @Instante()
  @Matches(FECHA, { message: 'debe ser una fecha AAAA-MM-DD' })
  fechaDesde?: string;
  @ApiPropertyOptional({ description: 'YYYY-MM-DD (Lima), inclusive; default today' })
  @IsOptional()
  @Instante()
  @Matches(FECHA, { message: 'debe ser una fecha AAAA-MM-DD' })
  fechaHasta?: string;
}

export class VencidosQuery {
  @ApiPropertyOptional({ description: 'Office (AREA users always get their own)' }) @IsOptional() @IdEnteroQuery() areaId?: number;
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(MAX_PAGE_SIZE) limit?: number;
  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page' }) @IsOptional() @IsString() @MaxLength(300) cursor?: string;
}

class ConteoEstadoSchema {
  @ApiProperty({ enum: EstadoDocumento }) clave: EstadoDocumento;
  @ApiProperty() total: number;
}
class ConteoPrioridadSchema {
  @ApiProperty({ enum: Prioridad }) clave: Prioridad;
  @ApiProperty() total: number;
}
class ConteoNumeroSchema {
  @ApiProperty({ nullable: true, type: Number }) clave: number | null;
  @ApiProperty() total: number;
}
class ConteoDiaSchema {
  @ApiProperty({ format: 'date', example: '2026-11-20' }) fecha: string;
  @ApiProperty() total: number;
}

export class EstadisticasSchema {
  @ApiProperty({ format: 'date' }) fechaDesde: string;
  @ApiProperty({ format: 'date' }) fechaHasta: string;
  @ApiProperty({ nullable: true, type: Number, description: 'The office the figures are limited to (AREA users)' }) areaId: number | null;
  @ApiProperty({ description: 'Documents legally received in the range' }) total: number;
  @ApiProperty({ type: [ConteoEstadoSchema], maxItems: Object.values(EstadoDocumento).length }) porEstado: ConteoEstadoSchema[];
  @ApiProperty({ type: [ConteoPrioridadSchema], maxItems: Object.values(Prioridad).length }) porPrioridad: ConteoPrioridadSchema[];
  @ApiProperty({ type: [ConteoNumeroSchema], description: 'clave null: no office yet' }) porArea: ConteoNumeroSchema[];
  @ApiProperty({ type: [ConteoNumeroSchema] }) porTipo: ConteoNumeroSchema[];
  @ApiProperty({ type: [ConteoDiaSchema], maxItems: MAX_DIAS_ESTADISTICAS, description: 'Every day of the range, zeros included' }) porDia: ConteoDiaSchema[];
  @ApiProperty({ description: 'Open documents past their deadline now, whenever received' }) vencidos: number;
  @ApiProperty({ description: 'Open documents due within 3 business days' }) porVencer: number;
  @ApiProperty({ format: 'date-time' }) porVencerHasta: string;
  @ApiProperty({ format: 'date-time' }) generadoEn: string;
}

export class DocumentoVencidoSchema extends DocumentoSchema {
  @ApiProperty() vencido: boolean;
  @ApiPropertyOptional({ description: 'Business days since the deadline' }) diasVencido?: number;
  @ApiPropertyOptional({ description: 'Business days left' }) diasRestantes?: number;
}

export class DocumentosVencidosPageSchema {
  @ApiProperty({ type: [DocumentoVencidoSchema], maxItems: MAX_PAGE_SIZE }) items: DocumentoVencidoSchema[];
  @ApiProperty({ maxLength: 300, nullable: true, type: String }) nextCursor: string | null;
}
