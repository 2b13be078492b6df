import { LaunchError } from './supervisor.mjs';

export const DEV_SEED_PASSWORD = 'mesa-dev-2026';

/** The seeded users' password: SEED_PASSWORD, or the development one outside production. */
export function seedPassword() {
  const given = process.env.SEED_PASSWORD;
  if (process.env.NODE_ENV === 'production' && (!given || given === DEV_SEED_PASSWORD)) {
    throw new LaunchError(
      'NODE_ENV=production: set SEED_PASSWORD to a password of your own for the seeded users; the development one is refused.',
    );
  }
  return given || DEV_SEED_PASSWORD;
}
