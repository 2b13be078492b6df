import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsEnum, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { EstadoDocumento, Prioridad } from '@mesa/shared/contracts';
import { IdEntero } from '../common/enteros';
import { trim } from '../common/transforms';

export class DocumentoEntranteDto {
  @ApiProperty({ example: 1 }) @IdEntero() tipoDocumentoId: number;
  @ApiProperty() @Transform(trim) @IsString() @Length(2, 255) remitente: string;
  @ApiProperty() @Transform(trim) @IsString() @Length(3, 500) asunto: string;
  @ApiProperty() @IsInt() @Min(1) @Max(100000) numeroFolios: number;
  @ApiProperty({ enum: Prioridad }) @IsEnum(Prioridad) prioridad: Prioridad;
  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @Length(1, 100) numeroDocumentoExterno?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() tieneAnexos?: boolean;
  @ApiPropertyOptional() @IsOptional() @IdEntero() areaActualId?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) observaciones?: string;
}

export class RecibirDocumentoDto {
  @ApiProperty({ description: 'Unique per request: a second request with it is refused (401)' })
  @IsString()
  @Matches(/^[A-Za-z0-9._:-]{1,100}$/)
  idSolicitud: string;
  @ApiProperty({ description: 'Your id of the document: sending it again answers the same case' })
  @IsString()
  @Length(1, 100)
  idExterno: string;
  @ApiProperty({ type: DocumentoEntranteDto })
  @ValidateNested()
  @Type(() => DocumentoEntranteDto)
  documento: DocumentoEntranteDto;
}

export class DocumentoRecibidoSchema {
  @ApiProperty({ maxLength: 100 }) idExterno: string;
  @ApiProperty({ format: 'uuid' }) documentoId: string;
  @ApiProperty({ maxLength: 20, example: 'EXP-2026-000123' }) numeroExpediente: string;
  @ApiProperty({ enum: EstadoDocumento }) estado: EstadoDocumento;
  @ApiProperty({ format: 'date-time' }) fechaRecepcion: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) fechaLimite: string | null;
  @ApiProperty({ format: 'date-time' }) actualizadoEn: string;
}
