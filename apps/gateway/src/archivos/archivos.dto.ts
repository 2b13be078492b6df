import { ApiProperty } from '@nestjs/swagger';

export class ArchivoSchema {
  @ApiProperty() id: string;
  @ApiProperty() documentoId: string;
  @ApiProperty({ example: 'solicitud.pdf' }) nombre: string;
  @ApiProperty({ example: 'application/pdf', description: 'Detected from the content, not from the name' })
  tipoMime: string;
  @ApiProperty({ description: 'Bytes' }) tamano: number;
  @ApiProperty({ description: 'SHA-256 (hex) of the content' }) hash: string;
  @ApiProperty({ description: 'The first attachment of a document is its main one' }) esPrincipal: boolean;
  @ApiProperty({ description: 'Checked by the processing job (hash, pages)' }) procesado: boolean;
  @ApiProperty({ nullable: true, type: Number }) paginas: number | null;
  @ApiProperty({ nullable: true, type: String }) usuarioId: string | null;
  @ApiProperty() createdAt: string;
}

export class ArchivosPageSchema {
  @ApiProperty({ type: [ArchivoSchema] }) items: ArchivoSchema[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class SubirArchivoSchema {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description: 'One file; PDF, PNG, JPEG, TIFF, DOCX, XLSX, ODT or ODS',
  })
  archivo: unknown;
}
