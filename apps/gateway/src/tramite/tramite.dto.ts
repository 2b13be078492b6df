import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { EstadoDocumento, MAX_PAGE_SIZE, Prioridad } from '@mesa/shared/contracts';
import { DocumentoSchema } from '../documentos/documentos.dto';
import { trim, toInt } from '../common/transforms';

/** Present (even null) means "change it"; null is only valid where the field may be empty. */
const presente = (campo: string) => (o: Record<string, unknown>) => o[campo] !== undefined;

/**
 * What the desk may correct after registration. State, office and numbers are not here: the
 * whitelist pipe answers 400 to any of them.
 */
export class EditarDocumentoDto {
  @ApiPropertyOptional() @ValidateIf(presente('asunto')) @Transform(trim) @IsString() @Length(3, 500) asunto?: string;
  @ApiPropertyOptional() @ValidateIf(presente('remitente')) @Transform(trim) @IsString() @Length(2, 255) remitente?: string;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @Transform(trim) @IsString() @Length(1, 100)
  numeroDocumentoExterno?: string | null;
  @ApiPropertyOptional() @ValidateIf(presente('numeroFolios')) @IsInt() @Min(1) @Max(100000) numeroFolios?: number;
  @ApiPropertyOptional() @ValidateIf(presente('tieneAnexos')) @IsBoolean() tieneAnexos?: boolean;
  @ApiPropertyOptional({ enum: Prioridad }) @ValidateIf(presente('prioridad')) @IsEnum(Prioridad) prioridad?: Prioridad;
  @ApiPropertyOptional({ type: [String] })
  @ValidateIf(presente('etiquetas'))
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 50, { each: true })
  etiquetas?: string[];
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(2000) observaciones?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsUUID() expedienteRelacionadoId?: string | null;
}

export class ObservarDocumentoDto {
  @ApiProperty({ type: [String], description: 'Every observation at once; the sender corrects them all within 2 business days' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @Transform(({ value }) => (Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.trim() : v)) : value))
  @IsString({ each: true })
  @Length(3, 500, { each: true })
  observaciones: string[];
}

export class HistorialQuery {
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(MAX_PAGE_SIZE) limit?: number;
  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page' }) @IsOptional() @IsString() @MaxLength(300) cursor?: string;
}

export class DocumentoTramiteSchema extends DocumentoSchema {
  @ApiProperty({ description: 'Send it back as If-Match to refuse a change over a newer version' }) version: number;
  @ApiProperty({ enum: EstadoDocumento, nullable: true, description: 'While OBSERVADO: the state a correction returns to' })
  estadoPrevio: EstadoDocumento | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'While OBSERVADO: since when the term is paused' }) plazoPausadoDesde: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'While OBSERVADO: last instant to correct' }) fechaLimiteSubsanacion: string | null;
  @ApiProperty({ description: 'Business days the term has been paused in total' }) diasPausados: number;
}

export class HistorialEntradaSchema {
  @ApiProperty({ pattern: '^[0-9]{1,19}$', maxLength: 19 }) id: string;
  @ApiProperty({ maxLength: 50, example: 'EDICION', description: 'REGISTRO, EDICION, OBSERVACION, SUBSANACION, NO_PRESENTADO, ARCHIVO, ARCHIVO_ADJUNTADO, ARCHIVO_ELIMINADO, …' }) accion: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Who; null for the system (scheduled jobs)' }) usuarioId: string | null;
  @ApiProperty({ maxLength: 45, nullable: true, type: String }) ip: string | null;
  @ApiProperty({ nullable: true, type: Object, description: 'The changed fields before' }) antes: Record<string, unknown> | null;
  @ApiProperty({ nullable: true, type: Object, description: 'The changed fields after' }) despues: Record<string, unknown> | null;
  @ApiProperty({ format: 'date-time' }) fecha: string;
}

export class HistorialPageSchema {
  @ApiProperty({ type: [HistorialEntradaSchema], maxItems: MAX_PAGE_SIZE }) items: HistorialEntradaSchema[];
  @ApiProperty({ maxLength: 300, nullable: true, type: String }) nextCursor: string | null;
}
