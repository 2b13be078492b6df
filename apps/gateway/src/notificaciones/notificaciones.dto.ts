import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { PaginaQuery, toBool } from '../derivaciones/derivaciones.dto';

export class NotificacionesQuery extends PaginaQuery {
  @ApiPropertyOptional() @IsOptional() @Transform(toBool) @IsBoolean() soloNoLeidas?: boolean;
}

export class NotificacionSchema {
  @ApiProperty() id: string;
  @ApiProperty() tipo: string;
  @ApiProperty() titulo: string;
  @ApiProperty() mensaje: string;
  @ApiProperty({ nullable: true, type: String }) referenciaId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'null: addressed to the office' }) usuarioId: string | null;
  @ApiProperty({ nullable: true, type: Number }) areaId: number | null;
  @ApiProperty() leida: boolean;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) leidaAt: string | null;
}

export class NotificacionesPageSchema {
  @ApiProperty({ type: [NotificacionSchema] }) items: NotificacionSchema[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
