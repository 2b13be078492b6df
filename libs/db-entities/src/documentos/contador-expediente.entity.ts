import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The last case number given in a year. Registration takes the next one with
 * `INSERT ... ON CONFLICT (anio) DO UPDATE SET ultimo = ultimo + 1 RETURNING ultimo` inside its
 * own transaction: the row lock serialises concurrent clerks and a rollback returns the number,
 * so numbers are gap-free.
 */
@Entity({ schema: 'documentos', name: 'contador_expediente' })
export class ContadorExpediente {
  @PrimaryColumn({ type: 'int' })
  anio: number;

  @Column({ type: 'int', default: 0 })
  ultimo: number;
}
