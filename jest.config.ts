import type { Config } from 'jest';
import { getJestProjectsAsync } from '@nx/jest';

// testTimeout is a global option: per-project values are ignored when projects run together.
export default async (): Promise<Config> => ({
  projects: await getJestProjectsAsync(),
  testTimeout: 60_000,
});
