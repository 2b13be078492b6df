import { startProcess } from '@mesa/shared/testing';
import { createHash } from 'node:crypto';
import { join, relative } from 'node:path';
import { Client } from 'pg';

// tools/jest/suite-isolation.ts, seen from a test file under npm test's environment.
const path = relative(join(__dirname, '..', '..'), __filename);
const hash = createHash('sha256').update(path).digest('hex').slice(0, 8);

describe("a test file's Redis key prefix", () => {
  const prefix = process.env.REDIS_KEY_PREFIX ?? '';
  const runPrefix = prefix.replace(/[^:]+:$/, '');

  it("is the run's prefix followed by a hash of this file's path in the repository", () => {
    expect(path).toBe(join('tools', 'launcher', 'suite-isolation.spec.ts'));
    expect(runPrefix).toMatch(/^test:[^:]+:$/);
    expect(prefix).toBe(`${runPrefix}${hash}:`);
  });

  it('reaches the processes a test starts', async () => {
    const child = startProcess(process.execPath, ['-e', 'process.stdout.write(process.env.REDIS_KEY_PREFIX)']);
    expect(await child.exited).toEqual({ code: 0, signal: null });
    expect(child.output()).toBe(prefix);
  });
});

describe("a test file's database", () => {
  const template = process.env.MESA_TEST_DATABASE ?? '';
  const own = `${template}_f${hash}`;
  let db: Client;
  let admin: Client;

  beforeAll(async () => {
    db = new Client({ connectionString: process.env.DATABASE_URL });
    admin = new Client({ connectionString: process.env.TEST_ADMIN_DATABASE_URL });
    await Promise.all([db.connect(), admin.connect()]);
  });
  afterAll(() => Promise.all([db.end(), admin.end()]));

  it("is the file's own copy of the run's migrated database", async () => {
    expect(template).toMatch(/^mesa_test_[0-9a-z]+$/);
    const { rows } = await db.query('SELECT current_database() AS name, to_regclass($1) IS NOT NULL AS migrated', ['documentos.documento']);
    expect(rows[0]).toEqual({ name: own, migrated: true });
  });

  it('reaches the processes a test starts', async () => {
    const child = startProcess(process.execPath, ['-e', 'process.stdout.write(process.env.DATABASE_URL)']);
    expect(await child.exited).toEqual({ code: 0, signal: null });
    expect(new URL(child.output()).pathname).toBe(`/${own}`);
  });

  it("is dropped with the run's database, even by the cleanup of runs that were killed", async () => {
    // The cleanup of stale runs reads the run's time from a name: a copy's must give the run's.
    const script = `import { testDatabaseCreatedAt } from ${JSON.stringify(join(__dirname, 'postgres.mjs'))};
      process.stdout.write(JSON.stringify([${JSON.stringify(template)}, ${JSON.stringify(own)}].map(testDatabaseCreatedAt)));`;
    const child = startProcess(process.execPath, ['--input-type=module', '-e', script]);
    expect(await child.exited).toEqual({ code: 0, signal: null });
    const [ofRun, ofCopy] = JSON.parse(child.output());
    expect(Number.isFinite(ofRun)).toBe(true);
    expect(ofCopy).toBe(ofRun);
    const { rows } = await admin.query('SELECT count(*)::int AS n FROM pg_database WHERE datname = $1', [own]);
    expect(rows[0].n).toBe(1);
  });
});
