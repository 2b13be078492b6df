import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
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
import { ResumenFirmasSchema } from '../archivos/archivos.dto';
import { FECHA_O_INSTANTE, Instante } from '../common/fechas';
import { EstadoDocumento, MAX_PAGE_SIZE, Prioridad } from '@mesa/shared/contracts';
import { CODIGO_SEGUIMIENTO_LONGITUD } from '@mesa/shared/domain';
import { trim, toInt } from '../common/transforms';
import { IdEntero, IdEnteroQuery } from '../common/enteros';


export class RegistrarDocumentoDto {
  @ApiProperty({ example: 1 }) @IdEntero() tipoDocumentoId: number;
  @ApiProperty({ example: 'Juan Pérez Quispe' }) @Transform(trim) @IsString() @Length(2, 255) remitente: string;
  @ApiProperty({ example: 'Solicita licencia de funcionamiento' }) @Transform(trim) @IsString() @Length(3, 500) asunto: string;
  @ApiProperty({ example: 3 }) @IsInt() @Min(1) @Max(100000) numeroFolios: number;
  @ApiProperty({ enum: Prioridad }) @IsEnum(Prioridad) prioridad: Prioridad;
  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @Length(1, 100) numeroDocumentoExterno?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() tieneAnexos?: boolean;
  @ApiPropertyOptional({ description: 'Office that receives it first' }) @IsOptional() @IdEntero() areaActualId?: number;
  @ApiPropertyOptional() @IsOptional() @IsUUID() expedienteRelacionadoId?: string;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 50, { each: true })
  etiquetas?: string[];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) observaciones?: string;
  @ApiPropertyOptional({ description: 'Sending system; with idExterno makes registration idempotent' })
  @ValidateIf((o: RegistrarDocumentoDto) => o.idExterno !== undefined || o.origenExterno !== undefined)
  @IsString()
  @Length(1, 50)
  origenExterno?: string;
  @ApiPropertyOptional()
  @ValidateIf((o: RegistrarDocumentoDto) => o.idExterno !== undefined || o.origenExterno !== undefined)
  @IsString()
  @Length(1, 100)
  idExterno?: string;
}

export class ListarDocumentosQuery {
  @ApiPropertyOptional({ enum: EstadoDocumento }) @IsOptional() @IsEnum(EstadoDocumento) estado?: EstadoDocumento;
  @ApiPropertyOptional({ enum: Prioridad }) @IsOptional() @IsEnum(Prioridad) prioridad?: Prioridad;
  @ApiPropertyOptional() @IsOptional() @IdEnteroQuery() areaActualId?: number;
  @ApiPropertyOptional() @IsOptional() @IdEnteroQuery() tipoDocumentoId?: number;
  @ApiPropertyOptional({ ...FECHA_O_INSTANTE, description: 'YYYY-MM-DD (Lima) or an ISO instant' }) @IsOptional() @Instante() fechaDesde?: string;
  @ApiPropertyOptional({ ...FECHA_O_INSTANTE, description: 'YYYY-MM-DD inclusive, or an ISO instant (exclusive)' }) @IsOptional() @Instante() fechaHasta?: string;
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(MAX_PAGE_SIZE) limit?: number;
  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page' }) @IsOptional() @IsString() @MaxLength(300) cursor?: string;
}

export class DocumentoSchema {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ maxLength: 20, example: 'EXP-2026-000123' }) numeroExpediente: string;
  @ApiProperty() tipoDocumentoId: number;
  @ApiProperty({ maxLength: 100, nullable: true, type: String }) numeroDocumentoExterno: string | null;
  @ApiProperty({ maxLength: 255 }) remitente: string;
  @ApiProperty({ maxLength: 500 }) asunto: string;
  @ApiProperty() numeroFolios: number;
  @ApiProperty() tieneAnexos: boolean;
  @ApiProperty({ enum: Prioridad }) prioridad: Prioridad;
  @ApiProperty({ enum: EstadoDocumento }) estado: EstadoDocumento;
  @ApiProperty({ format: 'date-time', description: 'When it was filed' }) fechaPresentacion: string;
  @ApiProperty({ format: 'date-time', description: 'When the filing legally counts' }) fechaRecepcion: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Deadline in business days' }) fechaLimite: string | null;
  @ApiProperty({ nullable: true, type: Number }) areaActualId: number | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) usuarioRegistroId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) expedienteRelacionadoId: string | null;
  @ApiProperty({ type: [String], maxItems: 20, maxLength: 50 }) etiquetas: string[];
  @ApiProperty({ maxLength: 2000, nullable: true, type: String }) observaciones: string | null;
  @ApiProperty({ maxLength: 50, nullable: true, type: String }) origenExterno: string | null;
  @ApiProperty({ maxLength: 100, nullable: true, type: String }) idExterno: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class DocumentoDetalleSchema extends DocumentoSchema {
  @ApiProperty({ type: ResumenFirmasSchema, description: 'The signatures of its attachments' }) firmas: ResumenFirmasSchema;
}

export class DocumentoRegistradoSchema extends DocumentoSchema {
  @ApiProperty({ maxLength: CODIGO_SEGUIMIENTO_LONGITUD + 3, description: 'Citizen tracking code; shown only at registration and on the receipt' })
  codigoSeguimiento: string;
}

export class DocumentosPageSchema {
  @ApiProperty({ type: [DocumentoSchema], maxItems: MAX_PAGE_SIZE }) items: DocumentoSchema[];
  @ApiProperty({ maxLength: 300, nullable: true, type: String }) nextCursor: string | null;
}

