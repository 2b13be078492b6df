import type { Config } from 'jest';
import { getJestProjectsAsync } from '@nx/jest';

// testTimeout is a global option: per-project values are ignored when projects run together.
export default async (): Promise<Config> => ({
  projects: await getJestProjectsAsync(),
  testTimeout: 60_000,
  // Two files at a time, even on 2 cores: most of an end-to-end file's time is spent waiting on
  // the apps it spawned, and each file has its own database and Redis key prefix
  // (tools/jest/suite-isolation.ts). TEST_WORKERS overrides it.
  maxWorkers: Number(process.env.TEST_WORKERS ?? 2),
});
