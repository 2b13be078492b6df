import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { trim } from '../common/transforms';

export class RecepcionFormalDto {
  @ApiProperty({ enum: ['R', 'O'], description: 'R received; O observed (with observacion)' })
  @IsIn(['R', 'O'])
  estado: 'R' | 'O';

  @ApiPropertyOptional({ description: 'Required when estado is O: what the sender must correct', maxLength: 1000 })
  @ValidateIf((o: RecepcionFormalDto) => o.estado === 'O' || o.observacion !== undefined)
  @Transform(trim)
  @IsString()
  @Length(3, 1000)
  observacion?: string;
}

class CargoSchema {
  @ApiProperty({ type: String, nullable: true, maxLength: 20 }) vnumregstd: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) dfecregstd: string | null;
  @ApiProperty({ type: String, nullable: true, maxLength: 100 }) vusuregstd: string | null;
  @ApiProperty({ enum: ['E', 'P', 'R', 'O'] }) cflgest: string;
}

export class TramitePideSchema {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ maxLength: 20 }) cuo: string;
  @ApiProperty({ enum: ['ENTRADA', 'SALIDA'] }) direccion: string;
  @ApiProperty({ pattern: '^\\d{11}$', maxLength: 11 }) entidadRuc: string;
  @ApiProperty({ maxLength: 200 }) entidadNombre: string;
  @ApiProperty({ enum: ['E', 'P', 'R', 'O'], description: 'cflgest: E sent, P pending, R received, O observed' })
  estado: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) documentoId: string | null;
  @ApiProperty({ type: String, nullable: true, maxLength: 20 }) numeroExpediente: string | null;
  @ApiProperty({ type: String, nullable: true, maxLength: 1000 }) observacion: string | null;
  @ApiProperty({ type: CargoSchema, nullable: true }) cargo: CargoSchema | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) cargoEnviadoEn: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class EntidadPideDto {
  @ApiProperty({ pattern: '^\\d{11}$', maxLength: 11, description: 'RUC of the entity' })
  @Matches(/^\d{11}$/)
  ruc: string;
  @ApiProperty({ maxLength: 200 }) @Transform(trim) @IsString() @Length(2, 200) nombre: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 500,
    description: 'Its IMGD port as PIDE publishes it',
  })
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  @Length(1, 500)
  endpoint?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() activa?: boolean;
}

export class EntidadPideSchema {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ pattern: '^\\d{11}$', maxLength: 11 }) ruc: string;
  @ApiProperty({ maxLength: 200 }) nombre: string;
  @ApiProperty({ type: String, nullable: true, maxLength: 500 }) endpoint: string | null;
  @ApiProperty() activa: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class TipoPideDto {
  @ApiProperty({ type: 'integer', format: 'int32', minimum: 1, maximum: 2147483647 })
  @IsInt()
  @Min(1)
  @Max(2147483647)
  tipoDocumentoId: number;
  @ApiProperty({ maxLength: 5, pattern: '^[0-9A-Za-z]{1,5}$', description: 'IMGD ccodtipdoc' })
  @Matches(/^[0-9A-Za-z]{1,5}$/)
  ccodtipdoc: string;
  @ApiProperty({ maxLength: 100 }) @Transform(trim) @IsString() @Length(2, 100) nombre: string;
}

export class TipoPideSchema {
  @ApiProperty({ type: 'integer', format: 'int32', minimum: 1, maximum: 2147483647 }) tipoDocumentoId: number;
  @ApiProperty({ maxLength: 5 }) ccodtipdoc: string;
  @ApiProperty({ maxLength: 100 }) nombre: string;
}

export class ReintentarPideDto {
  @ApiProperty({ maxLength: 100, description: 'jobId as GET /pide/dlq lists it' })
  @IsString()
  @Length(1, 100)
  jobId: string;
}
