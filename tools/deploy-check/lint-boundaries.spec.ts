import { startProcess } from '@mesa/shared/testing';
import { join } from 'node:path';

/**
 * eslint.config.mjs keeps the rooms apart: apps and tools stand on the libraries, inside
 * libs/shared the contracts, errors and domain are leaves, and SQL runs only in repositories. `npm run lint` fails on a violation;
 * here the config is asked about files that would commit one (ESLint runs in a node of its own:
 * it loads its config as an ES module, which Jest's sandbox does not).
 */
// Each probe is linted with the config of the project its file is in: the nearest eslint.config.mjs.
const PROBES: Record<string, [file: string, code: string, project?: string]> = {
  appImportsApp: ['apps/gateway/src/zz-probe.ts', "export { documentosApp } from '../../documentos-service/src/app.definition';\n"],
  toolImportsApp: ['tools/bench/suite/zz-probe.ts', "export { documentosApp } from '../../../apps/documentos-service/src/app.definition';\n", 'tools/bench'],
  benchImportsSeed: ['tools/bench/suite/zz-probe.ts', "export { seed } from '../../seed/seed';\n", 'tools/bench'],
  contractsImportCache: ['libs/shared/src/contracts/zz-probe.ts', "export { CacheService } from '../cache';\n"],
  errorsImportContracts: ['libs/shared/src/errors/zz-probe.ts', "export { Rol } from '../contracts';\n"],
  domainImportsApp: ['libs/shared/src/domain/zz-probe.ts', "export { BusClient } from '../app';\n"],
  domainImportsLeaves: ['libs/shared/src/domain/zz-probe.ts', "export { Rol } from '../contracts';\nexport { DomainException } from '../errors';\n"],
  appImportsLib: ['apps/gateway/src/zz-probe.ts', "export { Rol } from '@mesa/shared/contracts';\n"],
  sqlInService: ['apps/gateway/src/zz-probe.service.ts', "export const f = (db: { query(s: string): unknown }) => db.query('SELECT 1');\n"],
  builderInLib: ['libs/shared/src/bus/zz-probe.ts', "export const f = (db: { createQueryBuilder(): unknown }) => db.createQueryBuilder();\n"],
  sqlInRepository: ['apps/gateway/src/zz-probe.repository.ts', "export const f = (db: { query(s: string): unknown }) => db.query('SELECT 1');\n"],
  sqlInDatabaseLib: ['libs/shared/src/database/zz-probe.ts', "export const f = (db: { query(s: string): unknown }) => db.query('SELECT 1');\n"],
  // As `nx lint <project>` runs it: in the project's folder, with the project's config.
  contractsImportCacheByNx: ['libs/shared/src/contracts/zz-probe.ts', "export { CacheService } from '../cache';\n", 'libs/shared'],
  domainImportsAppByNx: ['libs/shared/src/domain/zz-probe.ts', "export { BusClient } from '../app';\n", 'libs/shared'],
  sqlInServiceByNx: ['apps/gateway/src/zz-probe.service.ts', "export const f = (db: { query(s: string): unknown }) => db.query('SELECT 1');\n", 'apps/gateway'],
};

const SCRIPT = `
const { ESLint } = require('eslint');
const { join } = require('node:path');
(async () => {
  const root = process.cwd();
  const out = {};
  for (const [name, [file, code, project]] of Object.entries(JSON.parse(process.env.PROBES))) {
    const eslint = new ESLint({ cwd: join(root, project ?? '.') });
    const [result] = await eslint.lintText(code, { filePath: join(root, file) });
    out[name] = result.messages.filter((m) => m.severity === 2).map((m) => m.ruleId);
  }
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
`;

describe('lint boundaries', () => {
  let errors: Record<keyof typeof PROBES, string[]>;

  beforeAll(async () => {
    const child = startProcess(process.execPath, ['-e', SCRIPT], {
      cwd: join(__dirname, '..', '..'),
      env: { ...process.env, PROBES: JSON.stringify(PROBES) },
    });
    expect(await child.exited).toEqual({ code: 0, signal: null });
    errors = JSON.parse(child.output());
  }, 120_000);

  it('refuses an app or a tool importing an app', () => {
    expect(errors.appImportsApp).toContain('@nx/enforce-module-boundaries');
    expect(errors.toolImportsApp).toContain('@nx/enforce-module-boundaries');
  });

  it('refuses the contracts, the errors and the domain importing the rest of libs/shared', () => {
    expect(errors.contractsImportCache).toContain('no-restricted-imports');
    expect(errors.errorsImportContracts).toContain('no-restricted-imports');
    expect(errors.domainImportsApp).toContain('no-restricted-imports');
  });

  it('lets the domain import the contracts and the errors, an app the libraries, and the benchmark the seed tool', () => {
    expect(errors.domainImportsLeaves).toEqual([]);
    expect(errors.appImportsLib).toEqual([]);
    expect(errors.benchImportsSeed).toEqual([]);
  });

  it('refuses SQL calls outside a repository and libs/shared/src/database, and allows them there', () => {
    expect(errors.sqlInService).toContain('no-restricted-syntax');
    expect(errors.builderInLib).toContain('no-restricted-syntax');
    expect(errors.sqlInRepository).toEqual([]);
    expect(errors.sqlInDatabaseLib).toEqual([]);
  });

  it('applies the same rules when ESLint runs in the project folder, as nx lint does', () => {
    expect(errors.contractsImportCacheByNx).toContain('no-restricted-imports');
    expect(errors.domainImportsAppByNx).toContain('no-restricted-imports');
    expect(errors.sqlInServiceByNx).toContain('no-restricted-syntax');
  });
});
