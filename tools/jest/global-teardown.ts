/**
 * Jest global teardown for `nx test <project>`: drops the run's database and the test files'
 * copies of it, made by global-setup.ts and suite-isolation.ts. Under `npm test` the launcher made
 * them and drops them itself, even when Jest crashes.
 */
export default async function globalTeardown(): Promise<void> {
  const { MESA_TEST_TEARDOWN, TEST_ADMIN_DATABASE_URL, MESA_TEST_DATABASE } = process.env;
  if (MESA_TEST_TEARDOWN !== '1' || !TEST_ADMIN_DATABASE_URL || !MESA_TEST_DATABASE) return;
  // MESA_TEST_TEARDOWN is cleared so that the next project's teardown does not try again.
  delete process.env.MESA_TEST_TEARDOWN;
  const { dropDatabaseAndCopies } = await import('../launcher/postgres.mjs');
  await dropDatabaseAndCopies(TEST_ADMIN_DATABASE_URL, MESA_TEST_DATABASE);
}
