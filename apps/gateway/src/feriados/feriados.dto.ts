import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { Instante } from '../common/fechas';
import { MAX_PAGE_SIZE, TipoFeriadoDto } from '@mesa/shared/contracts';
import { trim, toInt } from '../common/transforms';

const TIPOS: TipoFeriadoDto[] = ['NACIONAL', 'REGIONAL', 'INSTITUCIONAL', 'LABORABLE'];
export const FECHA = /^\d{4}-\d{2}-\d{2}$/;

export class ListarFeriadosQuery {
  @ApiPropertyOptional({ description: 'Year (default: the current year in Lima)', example: 2026 })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(2000)
  @Max(2100)
  anio?: number;
  @ApiPropertyOptional({ default: MAX_PAGE_SIZE }) @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(MAX_PAGE_SIZE) limit?: number;
  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page' }) @IsOptional() @IsString() @Matches(FECHA) cursor?: string;
}

export class CrearFeriadoDto {
  @ApiProperty({ example: '2026-12-08', description: 'YYYY-MM-DD (Lima)' })
  @Matches(FECHA, { message: 'fecha debe ser YYYY-MM-DD' })
  @Instante()
  fecha: string;
  @ApiProperty({ example: 'Inmaculada Concepción' }) @Transform(trim) @IsString() @Length(3, 150) descripcion: string;
  @ApiProperty({ enum: TIPOS, description: 'LABORABLE marks an exceptional working day' }) @IsIn(TIPOS) tipo: TipoFeriadoDto;
}

export class FeriadoSchema {
  @ApiProperty({ format: 'date', example: '2026-12-08' }) fecha: string;
  @ApiProperty({ maxLength: 150 }) descripcion: string;
  @ApiProperty({ enum: TIPOS }) tipo: TipoFeriadoDto;
}

export class FeriadosPageSchema {
  @ApiProperty({ type: [FeriadoSchema], maxItems: MAX_PAGE_SIZE }) items: FeriadoSchema[];
  @ApiProperty({ format: 'date', nullable: true, type: String }) nextCursor: string | null;
}
