import { MAX_PAGE_SIZE } from '@mesa/shared/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { PaginaQuery, toBool } from '../derivaciones/derivaciones.dto';

export class NotificacionesQuery extends PaginaQuery {
  @ApiPropertyOptional() @IsOptional() @Transform(toBool) @IsBoolean() soloNoLeidas?: boolean;
}

export class NotificacionSchema {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ maxLength: 50 }) tipo: string;
  @ApiProperty({ maxLength: 200 }) titulo: string;
  @ApiProperty() mensaje: string;
  @ApiProperty({ maxLength: 100, nullable: true, type: String }) referenciaId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null: addressed to the office' }) usuarioId: string | null;
  @ApiProperty({ nullable: true, type: Number }) areaId: number | null;
  @ApiProperty() leida: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) leidaAt: string | null;
}

export class NotificacionesPageSchema {
  @ApiProperty({ type: [NotificacionSchema], maxItems: MAX_PAGE_SIZE }) items: NotificacionSchema[];
  @ApiProperty({ maxLength: 300, nullable: true, type: String }) nextCursor: string | null;
}

export class MarcadasSchema {
  @ApiProperty({ type: 'integer', format: 'int64', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'Notifications marked read now' }) marcadas: number;
}
