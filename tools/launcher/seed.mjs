// npm run seed [-- --documentos N]: provisions, migrates and seeds the database `npm start` uses.
// The seeded users' password is SEED_PASSWORD (outside production: mesa-dev-2026 by default).
import { parseArgs } from 'node:util';
import { provision } from './provision.mjs';
import { seedPassword } from './seed-password.mjs';
import { LaunchError, main } from './supervisor.mjs';
import { migrate, seed } from './typescript.mjs';

function documentos() {
  let values;
  try {
    ({ values } = parseArgs({ options: { documentos: { type: 'string' } } }));
  } catch (error) {
    throw new LaunchError(`${error.message}\nUsage: npm run seed [-- --documentos N]`);
  }
  if (values.documentos === undefined) return undefined;
  const count = Number(values.documentos);
  if (!Number.isInteger(count) || count < 0) throw new LaunchError('--documentos takes a whole number.');
  return count;
}

main(async () => {
  const count = documentos();
  const password = seedPassword();
  const { databaseUrl } = await provision({ redis: false });
  await migrate(databaseUrl);
  await seed({ url: databaseUrl, documentos: count, password });
  process.stdout.write('Seeded.\n');
});
