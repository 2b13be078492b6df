import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { Instante } from '../common/fechas';
import { EstadoDerivacion, EstadoDocumento, MAX_DERIVACION_MASIVA, MAX_PAGE_SIZE } from '@mesa/shared/contracts';
import { toInt, trim } from '../common/transforms';
import { IdEntero, IdEnteroQuery } from '../common/enteros';
import { TramitePideSchema } from '../pide/pide.dto';

/** Query strings arrive as text: 'true'/'false' become booleans, anything else is left for the validator to refuse. */
export const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** Offices a derivation copies at most. */
const MAX_COPIAS = 20;

export class DerivarDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() documentoId: string;
  @ApiPropertyOptional({ description: 'Office it is routed to (required unless entidadRuc is given)' })
  @ValidateIf((o: DerivarDto) => o.entidadRuc === undefined)
  @IdEntero()
  areaDestinoId: number;
  @ApiPropertyOptional({
    pattern: '^\\d{11}$',
    description: 'Another state entity, by RUC, instead of an office: the document goes out through PIDE (202, queued)',
  })
  @ValidateIf((o: DerivarDto) => o.entidadRuc !== undefined)
  @Matches(/^\d{11}$/, { message: 'entidadRuc debe tener 11 dígitos' })
  entidadRuc?: string;
  @ApiProperty() @Transform(trim) @IsString() @Length(3, 2000) instrucciones: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() esUrgente?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() requiereRespuesta?: boolean;
  @ApiPropertyOptional({
    description: 'ISO instant, not before now; default 3 business days (7 when it requires a response)',
  })
  @IsOptional()
  @Instante()
  fechaLimiteAtencion?: string;
  @ApiPropertyOptional({
    type: [Number],
    description: 'Offices that get a copy for information (esCopia); a copy does not move the document',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_COPIAS)
  @IdEntero({ each: true })
  copias?: number[];
}

export class DerivarMasivaDto {
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_DERIVACION_MASIVA)
  @IsUUID('4', { each: true })
  documentoIds: string[];
  @ApiProperty() @IdEntero() areaDestinoId: number;
  @ApiProperty() @Transform(trim) @IsString() @Length(3, 2000) instrucciones: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() esUrgente?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() requiereRespuesta?: boolean;
  @ApiPropertyOptional() @IsOptional() @Instante() fechaLimiteAtencion?: string;
}

export class AtenderDto {
  @ApiProperty({ description: 'The response note' }) @Transform(trim) @IsString() @Length(1, 4000) respuesta: string;
}

export class RechazarDto {
  @ApiProperty({ description: 'Why: the sending office gets the document back with it' })
  @Transform(trim)
  @IsString()
  @Length(1, 2000)
  motivoRechazo: string;
}

export class ReasignarDto {
  @ApiProperty({ description: 'The office that should attend it instead' }) @IdEntero() areaDestinoId: number;
  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @MaxLength(2000) observaciones?: string;
}

export class DevolverDto {
  @ApiProperty({ description: 'The answer the document goes back with' })
  @Transform(trim)
  @IsString()
  @Length(1, 4000)
  observaciones: string;
}

export class PaginaQuery {
  @ApiPropertyOptional({ default: 20 })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;
  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  cursor?: string;
}

export class BandejaQuery extends PaginaQuery {
  @ApiPropertyOptional({ description: 'Office (AREA users: always their own)' })
  @IsOptional()
  @IdEnteroQuery()
  areaId?: number;
  @ApiPropertyOptional({ enum: EstadoDerivacion }) @IsOptional() @IsEnum(EstadoDerivacion) estado?: EstadoDerivacion;
  @ApiPropertyOptional() @IsOptional() @Transform(toBool) @IsBoolean() urgente?: boolean;
  @ApiPropertyOptional({ description: 'Only open derivations past their deadline' })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  vencidas?: boolean;
  @ApiPropertyOptional({
    enum: ['recientes', 'vencimiento'],
    description: 'recientes: newest first (default); vencimiento: earliest deadline first',
  })
  @IsOptional()
  @IsIn(['recientes', 'vencimiento'])
  orden?: 'recientes' | 'vencimiento';
}

export class DocumentoRefSchema {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ maxLength: 20 }) numeroExpediente: string;
  @ApiProperty({ maxLength: 500 }) asunto: string;
  @ApiProperty({ enum: EstadoDocumento }) estado: EstadoDocumento;
  @ApiProperty({ nullable: true, type: Number }) areaActualId: number | null;
}

export class DerivacionSchema {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ maxLength: 20, example: 'DER-202611-000045' }) numeroDerivacion: string;
  @ApiProperty({ format: 'uuid' }) documentoId: string;
  @ApiProperty({ maxLength: 20 }) numeroExpediente: string;
  @ApiProperty({ maxLength: 500 }) asunto: string;
  @ApiProperty({ nullable: true, type: Number }) areaOrigenId: number | null;
  @ApiProperty() areaDestinoId: number;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) usuarioDerivaId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) usuarioRecibeId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) usuarioAtiendeId: string | null;
  @ApiProperty({ maxLength: 2000 }) instrucciones: string;
  @ApiProperty({ maxLength: 4000, nullable: true, type: String }) observaciones: string | null;
  @ApiProperty({ maxLength: 2000, nullable: true, type: String }) motivoRechazo: string | null;
  @ApiProperty({ maxLength: 4000, nullable: true, type: String }) respuesta: string | null;
  @ApiProperty({ format: 'date-time' }) fechaDerivacion: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) fechaRecepcion: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) fechaAtencion: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) fechaLimiteAtencion: string | null;
  @ApiProperty({ enum: EstadoDerivacion }) estado: EstadoDerivacion;
  @ApiProperty() esUrgente: boolean;
  @ApiProperty() requiereRespuesta: boolean;
  @ApiProperty() esCopia: boolean;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) derivacionPadreId: string | null;
  @ApiProperty({ description: 'Open and past its deadline' }) vencida: boolean;
}

export class DerivacionCreadaSchema extends DerivacionSchema {
  @ApiProperty({ type: [DerivacionSchema], maxItems: MAX_COPIAS }) copias: DerivacionSchema[];
  @ApiProperty({ type: DocumentoRefSchema, description: 'The document as it now stands (documentos follows by event)' })
  documento: DocumentoRefSchema;
}

export class DerivacionAccionSchema extends DerivacionSchema {
  @ApiProperty({ type: DocumentoRefSchema }) documento: DocumentoRefSchema;
  @ApiPropertyOptional({ type: DerivacionSchema, description: 'devolver: the derivation back to the sending office' })
  nueva?: DerivacionSchema;
}

export class DerivacionMasivaSchema {
  @ApiProperty({ type: [DerivacionSchema], maxItems: MAX_DERIVACION_MASIVA }) derivaciones: DerivacionSchema[];
}

export class DerivacionesPageSchema {
  @ApiProperty({ type: [DerivacionSchema], maxItems: MAX_PAGE_SIZE }) items: DerivacionSchema[];
  @ApiProperty({ maxLength: 300, nullable: true, type: String }) nextCursor: string | null;
}

export class HojaDeRutaSchema {
  @ApiProperty({ type: DocumentoRefSchema }) documento: DocumentoRefSchema;
  @ApiProperty({ type: [DerivacionSchema], description: 'Every movement, oldest first' })
  movimientos: DerivacionSchema[];
  @ApiProperty({
    type: [TramitePideSchema],
    nullable: true,
    description:
      'Exchanges with other entities through PIDE, oldest first, with their state and cargo; null when integraciones-service did not answer',
  })
  pide: TramitePideSchema[] | null;
}

export class EstadisticasAreaSchema {
  @ApiProperty() areaId: number;
  @ApiProperty() pendientes: number;
  @ApiProperty() recibidas: number;
  @ApiProperty() atendidas: number;
  @ApiProperty() rechazadas: number;
  @ApiProperty() vencidas: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Average business hours from routing to reception' })
  horasPromedioRecepcion: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Average business hours from routing to attention' })
  horasPromedioAtencion: number | null;
  @ApiProperty({ description: 'Recent derivations the averages cover' }) muestra: number;
}
