import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The last derivation number of a month (DER-YYYYMM-NNNNNN), taken under a row lock like case numbers. */
@Entity({ schema: 'derivaciones', name: 'contador_derivacion' })
export class ContadorDerivacion {
  /** 'YYYYMM' */
  @PrimaryColumn({ type: 'char', length: 6 })
  periodo: string;

  @Column({ type: 'int', default: 0 })
  ultimo: number;
}
