import { Client } from 'pg';
import { migrateDatabase } from '../../../libs/db-entities/src/migrate';
import { seed } from '../../../tools/seed/seed';

/** One node of `EXPLAIN (FORMAT JSON)`. */
export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

/** Every node of a plan, depth first. */
export function planNodes(root: PlanNode): PlanNode[] {
  return [root, ...(root.Plans ?? []).flatMap(planNodes)];
}

export interface PlansDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A database of the test's own, migrated and seeded with 200,000 documents: plans are only
 * meaningful on a realistic row count, and the shared test database must not grow that much.
 */
export async function createPlansDatabase(suffix: string): Promise<PlansDatabase> {
  const adminUrl = process.env.TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `${process.env.MESA_TEST_DATABASE ?? 'mesa_test'}_${suffix}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await migrateDatabase(url.href);
  await seed({ url: url.href, documentos: 200_000, derivacionesPorDocumento: 0, password: 'plans-test-password' });
  return {
    url: url.href,
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
