import { applyDecorators, PipeTransform } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { toInt } from './transforms';
import type { EsquemaDeRuta } from './respuestas-openapi';

/**
 * The largest value of PostgreSQL's int4, the type of every integer id and count column of the
 * schemas (libs/db-entities). A larger integer passed validation and failed in the query (500).
 */
export const INT4_MAX = 2_147_483_647;

/** An integer id in a JSON body (office, document type): 1..INT4_MAX. `each` for arrays of ids. */
export const IdEntero = (opts: { each?: boolean } = {}) => applyDecorators(IsInt(opts), Min(1, opts), Max(INT4_MAX, opts));

/** The same id from a query string, which arrives as text. */
export const IdEnteroQuery = () => applyDecorators(Transform(toInt), IdEntero());

/**
 * A path id of an int4 column. Anything but digits from 1 to INT4_MAX cannot exist, so it gets
 * the same answer as an unknown id (`noExiste`), as the UUID pipes do.
 */
export function idEnteroPipe(noExiste: () => Error): PipeTransform<string, number> & EsquemaDeRuta {
  return {
    esquema: { type: 'integer', format: 'int32', minimum: 1, maximum: INT4_MAX },
    transform(value: string): number {
      const n = /^\d{1,10}$/.test(value) ? Number(value) : NaN;
      if (!(n >= 1 && n <= INT4_MAX)) throw noExiste();
      return n;
    },
  };
}
