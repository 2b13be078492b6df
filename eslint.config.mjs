import nx from '@nx/eslint-plugin';
import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('.', import.meta.url));
const fromRoot = (filePath) => relative(ROOT, filePath).split(sep).join('/');

/*
 * Files are picked by functions of the path from the workspace root, not by globs: `nx lint` runs
 * ESLint in the project's folder with the project's config, where globs are read relative to that
 * folder and `libs/shared/src/...` would match nothing.
 */

/** TypeScript files under any of `folders` (paths from the workspace root). */
const under =
  (...folders) =>
  (filePath) => {
    const path = fromRoot(filePath);
    return path.endsWith('.ts') && folders.some((f) => path.startsWith(f));
  };

/** Production code of an app or library that is not a repository. */
function sqlOutsideRepositories(filePath) {
  const path = fromRoot(filePath);
  return (
    /^(apps|libs)\/[^/]+\/src\/.+\.ts$/.test(path) &&
    !/\.(repository|spec|e2e-spec)\.ts$/.test(path) &&
    !path.startsWith('libs/shared/src/database/') &&
    !path.startsWith('libs/db-entities/src/')
  );
}

/** The workspace's module boundaries; a project's own config may add to `allow`, nothing else. */
export function moduleBoundaries(allow = []) {
  return [
    'error',
    {
      enforceBuildableLibDependency: true,
      allow: ['^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$', ...allow],
      // Apps and tools stand on the libraries; nothing imports an app.
      depConstraints: [
        { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
        { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
        { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib', 'type:tool'] },
      ],
    },
  ];
}

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: ['**/dist', '**/out-tsc'],
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.jsx'],
    rules: {
      '@nx/enforce-module-boundaries': moduleBoundaries(),
    },
  },
  {
    files: [
      '**/*.ts',
      '**/*.tsx',
      '**/*.cts',
      '**/*.mts',
      '**/*.js',
      '**/*.jsx',
      '**/*.cjs',
      '**/*.mjs',
    ],
    // Override or add rules here
    rules: {},
  },
  {
    // The leaves of libs/shared: what services say to each other and the errors that cross the
    // bus depend on nothing else of ours, so any app or library may import them.
    files: [under('libs/shared/src/contracts/', 'libs/shared/src/errors/')],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(\\.\\./|@mesa/)', message: 'contracts and errors are leaves: they import nothing of ours.' }] }],
    },
  },
  {
    // The domain's rules lean only on the contracts and the errors.
    files: [under('libs/shared/src/domain/')],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(\\.\\./(?!contracts|errors)|@mesa/)', message: 'domain imports only contracts and errors.' }] }],
    },
  },
  {
    // Every SQL statement sits in a repository (`*.repository.ts`) or in libs/shared/src/database;
    // services speak the domain's types. Migrations, the migration runner and the test databases
    // of libs/db-entities run SQL too. A `.query(` / `createQueryBuilder(` call anywhere else fails.
    files: [sqlOutsideRepositories],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...['query', 'createQueryBuilder'].map((name) => ({
          selector: `CallExpression[callee.property.name='${name}']`,
          message: `SQL runs only in a *.repository.ts (or libs/shared/src/database): move this ${name}() there.`,
        })),
      ],
    },
  },
    {
        // End-to-end tests compose several apps and the seed tool, as the launcher does, and every
        // app's webpack config asks one shared factory; the boundaries are for production code.
        files: ["**/test/**/*.ts", "**/*.e2e-spec.ts", "**/webpack.config.js"],
        rules: { "@nx/enforce-module-boundaries": "off" }
    }
];
