import { FirmaArchivo, FuenteFechaFirma, MAX_PAGE_SIZE, MotivoFirma, ResultadoFirma } from '@mesa/shared/contracts';
import { LIMITES_FIRMAS } from '@mesa/shared/firma';
import { ApiProperty } from '@nestjs/swagger';

const MOTIVOS_FIRMA: MotivoFirma[] = [
  'FIRMA_VALIDA',
  'RANGO_INVALIDO',
  'CONTENIDO_ILEGIBLE',
  'SUBFILTER_NO_SOPORTADO',
  'DIGEST_NO_COINCIDE',
  'FIRMA_CMS_INVALIDA',
  'FECHA_DESCONOCIDA',
  'CERTIFICADO_NO_VIGENTE',
  'USO_DE_LLAVE_NO_PERMITIDO',
  'CADENA_NO_CONFIABLE',
  'CERTIFICADO_REVOCADO',
  'REVOCACION_POSTERIOR',
  'REVOCACION_NO_VERIFICADA',
  'MODIFICADO_DESPUES_DE_FIRMAR',
];

export class FirmaArchivoSchema {
  @ApiProperty({ enum: ['VALIDA', 'NO_VALIDA', 'INDETERMINADA'] }) resultado: ResultadoFirma;
  @ApiProperty({ enum: MOTIVOS_FIRMA, description: 'Stable code of the reason' }) codigo: MotivoFirma;
  @ApiProperty({ maxLength: 500, description: 'The reason, for the clerk' }) motivo: string;
  @ApiProperty({ maxLength: 64, nullable: true, type: String, example: 'ETSI.CAdES.detached' }) subFilter: string | null;
  @ApiProperty({ maxLength: 500, nullable: true, type: String, description: "The signer certificate's common name" }) firmante: string | null;
  @ApiProperty({ pattern: '^\\d{8}$', maxLength: 8, nullable: true, type: String, description: 'From the subject serialNumber (DNI, PNPE-…)' })
  dni: string | null;
  @ApiProperty({ pattern: '^\\d{11}$', maxLength: 11, nullable: true, type: String, description: 'From organizationIdentifier, OU, O or serialNumber' })
  ruc: string | null;
  @ApiProperty({ maxLength: 2000, nullable: true, type: String, description: "The issuer's distinguished name" }) emisor: string | null;
  @ApiProperty({ maxLength: 200, nullable: true, type: String, description: "The certificate's serial number (hex)" }) serie: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) fechaFirma: string | null;
  @ApiProperty({
    enum: ['SELLO_DE_TIEMPO', 'DECLARADA_CMS', 'DECLARADA_PDF', 'DESCONOCIDA'],
    description: "SELLO_DE_TIEMPO: a verified timestamp; the DECLARADA ones are the signer's claim",
  })
  fuenteFecha: FuenteFechaFirma;
  @ApiProperty({ enum: ['NO_REVOCADO', 'REVOCADO', 'NO_VERIFICADA'] }) revocacion: FirmaArchivo['revocacion'];
  @ApiProperty({ description: 'Bytes follow the signed range (an incremental update after signing)' }) modificadoDespues: boolean;
}

export class ResumenFirmasSchema {
  @ApiProperty({ description: 'Signatures in its verified PDF attachments' }) total: number;
  @ApiProperty() validas: number;
  @ApiProperty({ description: 'PDF attachments not verified (yet, or past the limits)' }) pendientes: number;
  @ApiProperty({ description: 'At least one signature, all VALIDA, no PDF unverified' }) todasValidas: boolean;
}

export class ArchivoSchema {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) documentoId: string;
  @ApiProperty({ maxLength: 255, example: 'solicitud.pdf' }) nombre: string;
  @ApiProperty({ maxLength: 100, example: 'application/pdf', description: 'Detected from the content, not from the name' })
  tipoMime: string;
  @ApiProperty({ description: 'Bytes' }) tamano: number;
  @ApiProperty({ pattern: '^[0-9a-f]{64}$', maxLength: 64, description: 'SHA-256 (hex) of the content' }) hash: string;
  @ApiProperty({ description: 'The first attachment of a document is its main one' }) esPrincipal: boolean;
  @ApiProperty({ description: 'Checked by the processing job (hash, pages)' }) procesado: boolean;
  @ApiProperty({ nullable: true, type: Number }) paginas: number | null;
  @ApiProperty({
    type: [FirmaArchivoSchema],
    maxItems: LIMITES_FIRMAS.maxFirmas,
    nullable: true,
    description: 'Its PDF signatures as verified by the processing job: [] unsigned, null not verified',
  })
  firmas: FirmaArchivoSchema[] | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) usuarioId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class ArchivosPageSchema {
  @ApiProperty({ type: [ArchivoSchema], maxItems: MAX_PAGE_SIZE }) items: ArchivoSchema[];
  @ApiProperty({ maxLength: 300, nullable: true, type: String }) nextCursor: string | null;
}

export class SubirArchivoSchema {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description: 'One file; PDF, PNG, JPEG, TIFF, DOCX, XLSX, ODT or ODS',
  })
  archivo: unknown;
}
