import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { allEntities } from './entities';
import { migrations, MIGRATIONS_TABLE } from './migrations';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/mesa';

/** Options for tools that see every schema (migrations, seed, schema checks); services use their own arrays. */
export function buildDataSourceOptions(url: string): PostgresConnectionOptions {
  return {
    type: 'postgres',
    url,
    entities: allEntities,
    migrations,
    migrationsTableName: MIGRATIONS_TABLE,
    // gen_random_uuid() is built into PostgreSQL 13+; no uuid-ossp needed.
    uuidExtension: 'pgcrypto',
    synchronize: false,
    migrationsRun: false,
  };
}
