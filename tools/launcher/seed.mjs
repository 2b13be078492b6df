// npm run seed [-- --documentos N] [--derivaciones-por-documento M] [--reset]
// Provisions, migrates and seeds the database `npm start` uses (idempotent: without --documentos
// it tops up the demonstration data). The seeded users' password is SEED_PASSWORD (outside
// production: mesa-dev-2026 by default).
import { parseArgs } from 'node:util';
import { provision } from './provision.mjs';
import { seedPassword } from './seed-password.mjs';
import { LaunchError, main } from './supervisor.mjs';
import { migrate, seed } from './typescript.mjs';

const USAGE = 'Usage: npm run seed [-- --documentos N] [--derivaciones-por-documento M] [--reset]';

function wholeNumber(value, flag) {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new LaunchError(`${flag} takes a whole number.\n${USAGE}`);
  return number;
}

function options() {
  try {
    const { values } = parseArgs({
      options: {
        documentos: { type: 'string' },
        'derivaciones-por-documento': { type: 'string' },
        reset: { type: 'boolean', default: false },
      },
    });
    return {
      documentos: wholeNumber(values.documentos, '--documentos'),
      derivacionesPorDocumento: wholeNumber(values['derivaciones-por-documento'], '--derivaciones-por-documento'),
      reset: values.reset,
    };
  } catch (error) {
    if (error instanceof LaunchError) throw error;
    throw new LaunchError(`${error.message}\n${USAGE}`);
  }
}

main(async () => {
  const chosen = options();
  const password = seedPassword();
  const { databaseUrl } = await provision({ redis: false });
  await migrate(databaseUrl);
  await seed({ url: databaseUrl, password, ...chosen });
  process.stdout.write('Seeded.\n');
});
