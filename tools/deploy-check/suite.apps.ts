import { join } from 'node:path';

export const repoRoot = join(__dirname, '..', '..');
export const fromRoot = (...parts: string[]) => join(repoRoot, ...parts);

/** The six apps and their default ports, as in apps/<name>/src/app.definition.ts. */
export const SUITE_APPS = {
  gateway: 3000,
  'documentos-service': 3001,
  'derivaciones-service': 3002,
  'integraciones-service': 3003,
  'reportes-worker': 3004,
  'perf-monitor': 3005,
} as const;

export type AppName = keyof typeof SUITE_APPS;
export const APP_NAMES = Object.keys(SUITE_APPS) as AppName[];
export const isAppName = (name: string): name is AppName => name in SUITE_APPS;
