/**
 * Data source for the TypeORM CLI:
 *   node -r @swc-node/register node_modules/typeorm/cli.js migration:show -d libs/db-entities/src/data-source.ts
 * The apps and `npm run db:migrate` use migrateDatabase() instead.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions, DEFAULT_DATABASE_URL } from './data-source-options';

export default new DataSource(buildDataSourceOptions(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL));
