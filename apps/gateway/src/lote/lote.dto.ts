import { ApiProperty, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsUUID, ValidateNested } from 'class-validator';
import { MAX_LOTE } from '@mesa/shared/contracts';
import { DocumentoRegistradoSchema, DocumentoSchema, ListarDocumentosQuery, RegistrarDocumentoDto } from '../documentos/documentos.dto';

export class RegistrarLoteDto {
  @ApiProperty({ type: [RegistrarDocumentoDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_LOTE)
  @ValidateNested({ each: true })
  @Type(() => RegistrarDocumentoDto)
  documentos: RegistrarDocumentoDto[];
}

export class PorIdsDto {
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_LOTE)
  @IsUUID('4', { each: true })
  ids: string[];
}

/** Every list filter; the export has no page size (it streams all matching rows). */
export class ExportarDocumentosQuery extends OmitType(ListarDocumentosQuery, ['limit', 'cursor'] as const) {}

export class LoteRegistradoSchema {
  @ApiProperty({
    type: [DocumentoRegistradoSchema],
    maxItems: MAX_LOTE,
    description: 'In the order given; a known (origenExterno, idExterno) answers its existing case, without codigoSeguimiento',
  })
  documentos: DocumentoRegistradoSchema[];
}

export class DocumentosSchema {
  @ApiProperty({ type: [DocumentoSchema], maxItems: MAX_LOTE }) documentos: DocumentoSchema[];
}
