import { MAX_PAGE_SIZE } from '@mesa/shared/contracts';
import { ApiProperty } from '@nestjs/swagger';

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
