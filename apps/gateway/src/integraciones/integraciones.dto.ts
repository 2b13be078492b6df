import { ApiProperty, ApiPropertyOptional, PartialType, OmitType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEnum,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { Instante } from '../common/fechas';
import {
  EstadoConexion,
  EstadoSync,
  EVENTOS_SUSCRIBIBLES,
  MAX_PAGE_SIZE,
  OperacionSync,
  ResultadoPruebaConexion,
  ResultadosPrueba,
  TipoAutenticacion,
  TipoIntegracion,
} from '@mesa/shared/contracts';
import { toInt, trim } from '../common/transforms';

/** One shape for the three credential kinds; the service checks it matches tipoAutenticacion. */
export class CredencialesDto {
  @ApiPropertyOptional({ description: 'API_KEY' }) @IsOptional() @IsString() @Length(1, 500) apiKey?: string;
  @ApiPropertyOptional({ description: 'BEARER' }) @IsOptional() @IsString() @Length(1, 2000) token?: string;
  @ApiPropertyOptional({ description: 'BASIC' }) @IsOptional() @IsString() @Length(1, 200) usuario?: string;
  @ApiPropertyOptional({ description: 'BASIC' }) @IsOptional() @IsString() @Length(1, 500) clave?: string;
}

const URL_OPCIONES = { protocols: ['http', 'https'], require_protocol: true, require_tld: false, disallow_auth: true };

/** Mapping our field → theirs: flat strings only. */
const mapeoValido = ({ value }: { value: unknown }) =>
  value &&
  typeof value === 'object' &&
  !Array.isArray(value) &&
  Object.values(value).every((v) => typeof v === 'string' && v.length > 0 && v.length <= 100)
    ? value
    : 'invalid';

export class CrearIntegracionDto {
  @ApiProperty({ example: 'SUNARP' })
  @Transform(trim)
  @IsString()
  @Matches(/^[A-Z0-9_-]{2,50}$/, { message: 'codigo: 2-50 mayúsculas, dígitos, _ o -' })
  codigo: string;
  @ApiProperty() @Transform(trim) @IsString() @Length(2, 150) nombre: string;
  @ApiProperty({ enum: [TipoIntegracion.API_REST, TipoIntegracion.WEBHOOK] })
  @IsIn([TipoIntegracion.API_REST, TipoIntegracion.WEBHOOK])
  tipo: TipoIntegracion;
  @ApiPropertyOptional({ description: 'Where sends are POSTed (and the connection test GETs)' })
  @IsOptional()
  @IsUrl(URL_OPCIONES)
  @MaxLength(500)
  urlBase?: string;
  @ApiPropertyOptional({ enum: TipoAutenticacion, default: TipoAutenticacion.NONE })
  @IsOptional()
  @IsEnum(TipoAutenticacion)
  tipoAutenticacion?: TipoAutenticacion;
  @ApiPropertyOptional({ type: CredencialesDto, description: 'Stored encrypted; never answered' })
  @IsOptional()
  @ValidateNested()
  @Type(() => CredencialesDto)
  credenciales?: CredencialesDto;
  @ApiPropertyOptional({
    description: 'Our field → their field',
    example: { numeroExpediente: 'expediente', asunto: 'materia' },
  })
  @IsOptional()
  @Transform(mapeoValido)
  @IsObject({ message: 'mapeoCampos debe ser un objeto de textos' })
  mapeoCampos?: Record<string, string>;
  @ApiPropertyOptional({ type: [String], enum: EVENTOS_SUSCRIBIBLES })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(EVENTOS_SUSCRIBIBLES, { each: true })
  eventos?: string[];
  @ApiPropertyOptional({ description: 'Shared signature secret; generated and answered once when not given' })
  @IsOptional()
  @IsString()
  @Length(16, 200)
  webhookSecret?: string;
  @ApiPropertyOptional({ default: 10000 }) @IsOptional() @IsInt() @Min(100) @Max(120000) timeoutMs?: number;
  @ApiPropertyOptional({ default: 5, description: 'Attempts of one send before it goes to the DLQ' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(20)
  maxReintentos?: number;
  @ApiPropertyOptional({ default: 2000, description: 'First retry delay; each later one doubles' })
  @IsOptional()
  @IsInt()
  @Min(10)
  @Max(3600000)
  reintentoBaseMs?: number;
  @ApiPropertyOptional({ default: 5, description: 'Consecutive failures that open the circuit' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  umbralCircuito?: number;
  @ApiPropertyOptional({ default: 30000, description: 'How long an open circuit holds sends' })
  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(3600000)
  esperaCircuitoMs?: number;
  @ApiPropertyOptional({ default: 120 }) @IsOptional() @IsInt() @Min(1) @Max(100000) limiteEntrantePorMinuto?: number;
}

export class ActualizarIntegracionDto extends PartialType(
  OmitType(CrearIntegracionDto, ['codigo', 'webhookSecret'] as const),
) {}

export class RotarSecretosDto {
  @ApiPropertyOptional({ description: 'A new inbound API key' }) @IsOptional() @IsBoolean() apiKey?: boolean;
  @ApiPropertyOptional({ description: 'A new signature secret' }) @IsOptional() @IsBoolean() webhookSecret?: boolean;
}

export class LogQuery {
  @ApiPropertyOptional({ enum: EstadoSync }) @IsOptional() @IsEnum(EstadoSync) estado?: EstadoSync;
  @ApiPropertyOptional({ enum: OperacionSync }) @IsOptional() @IsEnum(OperacionSync) operacion?: OperacionSync;
  @ApiPropertyOptional({ description: 'ISO instant, inclusive' })
  @IsOptional()
  @Instante()
  desde?: string;
  @ApiPropertyOptional({ description: 'ISO instant, exclusive' })
  @IsOptional()
  @Instante()
  hasta?: string;
  @ApiPropertyOptional({ default: 20 })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300) cursor?: string;
}

export class EstadisticasQuery {
  @ApiPropertyOptional({ description: 'ISO instant; default 7 days before hasta' })
  @IsOptional()
  @Instante()
  desde?: string;
  @ApiPropertyOptional({ description: 'ISO instant; default now' })
  @IsOptional()
  @Instante()
  hasta?: string;
}

export class IntegracionSchema {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ maxLength: 50 }) codigo: string;
  @ApiProperty({ maxLength: 150 }) nombre: string;
  @ApiProperty({ enum: TipoIntegracion }) tipo: TipoIntegracion;
  @ApiProperty({ format: 'uri', maxLength: 500, nullable: true, type: String }) urlBase: string | null;
  @ApiProperty({ enum: TipoAutenticacion }) tipoAutenticacion: TipoAutenticacion;
  @ApiProperty({ description: 'Credentials are stored (encrypted); they are never answered' })
  tieneCredenciales: boolean;
  @ApiProperty({ type: Object }) mapeoCampos: Record<string, string>;
  @ApiProperty({ type: [String], enum: EVENTOS_SUSCRIBIBLES, maxItems: EVENTOS_SUSCRIBIBLES.length }) eventos: string[];
  @ApiProperty() activa: boolean;
  @ApiProperty({ enum: EstadoConexion }) estadoConexion: EstadoConexion;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) ultimaSincronizacion: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) fechaUltimaPrueba: string | null;
  @ApiProperty({ nullable: true, type: Number }) tiempoRespuestaPruebaMs: number | null;
  @ApiProperty() timeoutMs: number;
  @ApiProperty() maxReintentos: number;
  @ApiProperty() reintentoBaseMs: number;
  @ApiProperty() umbralCircuito: number;
  @ApiProperty() esperaCircuitoMs: number;
  @ApiProperty() limiteEntrantePorMinuto: number;
  @ApiProperty() fallosConsecutivos: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class SecretosSchema {
  @ApiPropertyOptional({ maxLength: 200, description: 'Inbound API key; shown only now' }) apiKey?: string;
  @ApiPropertyOptional({ maxLength: 200, description: 'Signature secret; shown only now' }) webhookSecret?: string;
}

export class IntegracionCreadaSchema extends IntegracionSchema {
  @ApiProperty({ maxLength: 200, description: 'Inbound API key; shown only now' }) apiKey: string;
  @ApiProperty({ maxLength: 200, description: 'Signature secret; shown only now' }) webhookSecret: string;
}

export class ResultadoPruebaSchema {
  @ApiProperty({ enum: EstadoConexion }) estadoConexion: EstadoConexion;
  @ApiProperty({ enum: Object.values(ResultadosPrueba), description: 'Coarse on purpose: no status, body or socket error' })
  resultado: ResultadoPruebaConexion;
  @ApiProperty() tiempoRespuestaMs: number;
}

export class EnvioEncoladoSchema {
  @ApiProperty({ maxLength: 100 }) jobId: string;
}

export class LogSincronizacionSchema {
  @ApiProperty({ pattern: '^[0-9]{1,19}$', maxLength: 19 }) id: string;
  @ApiProperty({ format: 'uuid' }) integracionId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) documentoId: string | null;
  @ApiProperty({ maxLength: 20, nullable: true, type: String }) documentoNumeroExpediente: string | null;
  @ApiProperty({ enum: OperacionSync }) operacion: OperacionSync;
  @ApiProperty({ maxLength: 50, nullable: true, type: String }) evento: string | null;
  @ApiProperty({ enum: EstadoSync }) estado: EstadoSync;
  @ApiProperty({ nullable: true, type: Number }) codigoRespuesta: number | null;
  @ApiProperty({ maxLength: 1000, nullable: true, type: String, description: 'Cut to 1000 characters when recorded' }) mensajeError: string | null;
  @ApiProperty() numeroIntento: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) fechaProximoReintento: string | null;
  @ApiProperty({ nullable: true, type: Number }) tiempoRespuestaMs: number | null;
  @ApiProperty({ maxLength: 100, nullable: true, type: String }) idExterno: string | null;
  @ApiProperty() enDlq: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class LogPageSchema {
  @ApiProperty({ type: [LogSincronizacionSchema], maxItems: MAX_PAGE_SIZE }) items: LogSincronizacionSchema[];
  @ApiProperty({ maxLength: 300, nullable: true, type: String }) nextCursor: string | null;
}

class LatenciaIntegracionSchema {
  @ApiProperty({ nullable: true, type: Number }) p50: number | null;
  @ApiProperty({ nullable: true, type: Number }) p95: number | null;
  @ApiProperty({ nullable: true, type: Number }) p99: number | null;
  @ApiProperty({ nullable: true, type: Number }) promedio: number | null;
}

class FallosPorCodigoSchema {
  @ApiProperty({ nullable: true, type: Number, description: 'null: no answer (timeout, refused)' }) codigoRespuesta:
    | number
    | null;
  @ApiProperty() total: number;
}

export class EstadisticasIntegracionSchema {
  @ApiProperty({ format: 'date-time' }) desde: string;
  @ApiProperty({ format: 'date-time' }) hasta: string;
  @ApiProperty({ description: 'Outbound attempts (each retry counts)' }) intentos: number;
  @ApiProperty() exitosos: number;
  @ApiProperty() fallidos: number;
  @ApiProperty({ nullable: true, type: Number }) tasaExito: number | null;
  @ApiProperty({ type: LatenciaIntegracionSchema }) latenciaMs: LatenciaIntegracionSchema;
  @ApiProperty({ type: [FallosPorCodigoSchema], maxItems: 501, description: 'One per HTTP status (100-599) and one for no answer' }) fallosPorCodigo: FallosPorCodigoSchema[];
  @ApiProperty() enDlq: number;
  @ApiProperty() recepciones: number;
}

class PorIntegracionSchema {
  @ApiProperty({ format: 'uuid' }) integracionId: string;
  @ApiProperty({ maxLength: 50 }) codigo: string;
  @ApiProperty() intentos: number;
  @ApiProperty({ nullable: true, type: Number }) tasaExito: number | null;
  @ApiProperty({ nullable: true, type: Number }) p95Ms: number | null;
}

export class EstadisticasIntegracionesGlobalesSchema extends EstadisticasIntegracionSchema {
  @ApiProperty({ type: [PorIntegracionSchema] }) porIntegracion: PorIntegracionSchema[];
}
