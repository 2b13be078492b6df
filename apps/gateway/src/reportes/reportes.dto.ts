import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Instante } from '../common/fechas';
import { EstadoTarea, FiltrosReporte, FORMATOS_REPORTE, FormatoReporte, MAX_PAGE_SIZE, TIPOS_REPORTE, TipoReporte } from '@mesa/shared/contracts';
import { toInt } from '../common/transforms';
import { IdEntero } from '../common/enteros';

const FECHA = /^\d{4}-\d{2}-\d{2}$/;
const ESTADOS_TAREA: EstadoTarea[] = ['waiting', 'active', 'completed', 'failed', 'cancelled'];

export class FiltrosReporteDto implements FiltrosReporte {
  @ApiPropertyOptional({ example: '2026-01-01', description: 'YYYY-MM-DD (Lima), inclusive' })
  @IsOptional()
  @Matches(FECHA, { message: 'desde debe ser YYYY-MM-DD' })
  @Instante()
  desde?: string;
  @ApiPropertyOptional({ example: '2026-01-31', description: 'YYYY-MM-DD (Lima), inclusive' })
  @IsOptional()
  @Matches(FECHA, { message: 'hasta debe ser YYYY-MM-DD' })
  @Instante()
  hasta?: string;
  @ApiPropertyOptional({ description: 'An office (AREA users always get their own)' }) @IsOptional() @IdEntero() areaId?: number;
  @ApiPropertyOptional({ description: "A document's state, or a derivation's for reports over derivations" })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  estado?: string;
  @ApiPropertyOptional() @IsOptional() @IdEntero() tipoDocumentoId?: number;
  @ApiPropertyOptional({ enum: ['NORMAL', 'ALTA', 'URGENTE'] }) @IsOptional() @IsIn(['NORMAL', 'ALTA', 'URGENTE']) prioridad?: string;
}

export class SolicitarReporteDto {
  @ApiProperty({ enum: TIPOS_REPORTE }) @IsIn(TIPOS_REPORTE) tipo: TipoReporte;
  @ApiProperty({ enum: FORMATOS_REPORTE }) @IsIn(FORMATOS_REPORTE) formato: FormatoReporte;
  @ApiPropertyOptional({ type: FiltrosReporteDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => FiltrosReporteDto)
  filtros?: FiltrosReporteDto;
}

export class TareaAceptadaSchema {
  @ApiProperty({ maxLength: 100, description: "The task's id, also the report's" }) id: string;
  @ApiProperty({ enum: ESTADOS_TAREA }) estado: EstadoTarea;
}

export class TareaSchema {
  @ApiProperty({ maxLength: 100 }) id: string;
  @ApiProperty({ enum: TIPOS_REPORTE }) tipo: TipoReporte;
  @ApiProperty({ enum: FORMATOS_REPORTE }) formato: FormatoReporte;
  @ApiProperty({ enum: ESTADOS_TAREA }) estado: EstadoTarea;
  @ApiProperty({ minimum: 0, maximum: 100, description: 'Percentage' }) progreso: number;
  @ApiProperty({ description: 'Attempts started (3 at most)' }) intentos: number;
  @ApiProperty({ format: 'date-time' }) creadoEn: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) iniciadoEn: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) terminadoEn: string | null;
  @ApiProperty({ nullable: true, type: String, description: "Why the last attempt failed (e.g. the time limit)" }) error: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Rows written, once completed' }) filas: number | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When the file is deleted' }) expiraEn: string | null;
}

export class TareasPageSchema {
  @ApiProperty({ type: [TareaSchema], maxItems: MAX_PAGE_SIZE }) items: TareaSchema[];
  @ApiProperty({ maxLength: 1024, nullable: true, type: String }) nextCursor: string | null;
}

export class ListarTareasQuery {
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(MAX_PAGE_SIZE) limit?: number;
  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page' }) @IsOptional() @IsString() @MaxLength(1024) cursor?: string;
}
