import type { DataSource } from 'typeorm';

/** Whether migrations ran on this database (their table exists); false when it cannot tell. */
export function schemaMigrated(db: DataSource): Promise<boolean> {
  return db
    .query(`SELECT to_regclass('public.migrations') IS NOT NULL AS ok`)
    .then((r: Array<{ ok: boolean }>) => r[0]?.ok === true)
    .catch(() => false);
}
