import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TipoFeriado } from './tipo-feriado.enum';

/** Days that are not business days (or, for LABORABLE, a weekend day that is). */
@Entity({ schema: 'documentos', name: 'feriado' })
export class Feriado {
  /** 'YYYY-MM-DD' (pg returns dates as strings, which avoids time-zone shifts). */
  @PrimaryColumn({ type: 'date' })
  fecha: string;

  @Column({ type: 'varchar', length: 150 })
  descripcion: string;

  @Column({ type: 'enum', enum: TipoFeriado, enumName: 'tipo_feriado', default: TipoFeriado.NACIONAL })
  tipo: TipoFeriado;
}
