// npm run db:migrate: migrates DATABASE_URL, or the database `npm start` uses (see provision.mjs).
import { provision } from './provision.mjs';
import { main } from './supervisor.mjs';
import { migrate } from './typescript.mjs';

main(async () => {
  const { databaseUrl } = await provision({ redis: false });
  await migrate(databaseUrl);
  process.stdout.write('Migrated.\n');
});
