import type { ClientBase } from 'pg';

/**
 * Counters = the highest number given per year (month), so the next registration continues
 * after it. Numbers have six digits, so the highest string in a year's range of the unique
 * index is the highest number: one backward index probe per year or month, not a table scan.
 * The bounds use digits only, so the range is right under any collation.
 */
export async function actualizarContadores(client: ClientBase): Promise<void> {
  await client.query(`
    INSERT INTO documentos.contador_expediente AS c (anio, ultimo)
    SELECT anio, split_part(maximo, '-', 3)::int
      FROM generate_series(2000, extract(year FROM now())::int + 1) AS anio
      CROSS JOIN LATERAL (
        SELECT max(numero_expediente) AS maximo FROM documentos.documento
         WHERE numero_expediente BETWEEN 'EXP-' || anio || '-000000' AND 'EXP-' || anio || '-999999') m
     WHERE maximo IS NOT NULL
    ON CONFLICT (anio) DO UPDATE SET ultimo = greatest(c.ultimo, excluded.ultimo)`);
  await client.query(`
    INSERT INTO derivaciones.contador_derivacion AS c (periodo, ultimo)
    SELECT periodo, split_part(maximo, '-', 3)::int
      FROM generate_series(timestamp '2000-01-01', now()::timestamp + interval '1 month', interval '1 month') AS mes
      CROSS JOIN LATERAL (SELECT to_char(mes, 'YYYYMM') AS periodo) p
      CROSS JOIN LATERAL (
        SELECT max(numero_derivacion) AS maximo FROM derivaciones.derivacion
         WHERE numero_derivacion BETWEEN 'DER-' || periodo || '-000000' AND 'DER-' || periodo || '-999999') m
     WHERE maximo IS NOT NULL
    ON CONFLICT (periodo) DO UPDATE SET ultimo = greatest(c.ultimo, excluded.ultimo)`);
}
