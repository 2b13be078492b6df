import nx from '@nx/eslint-plugin';

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
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: ['^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$'],
          // Apps and tools stand on the libraries; nothing imports an app.
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib', 'type:tool'] },
          ],
        },
      ],
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
    files: ['libs/shared/src/contracts/**/*.ts', 'libs/shared/src/errors/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(\\.\\./|@mesa/)', message: 'contracts and errors are leaves: they import nothing of ours.' }] }],
    },
  },
  {
    // The domain's rules lean only on the contracts and the errors.
    files: ['libs/shared/src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(\\.\\./(?!contracts|errors)|@mesa/)', message: 'domain imports only contracts and errors.' }] }],
    },
  },
    {
        // End-to-end tests compose several apps and the seed tool, as the launcher does, and every
        // app's webpack config asks one shared factory; the boundaries are for production code.
        files: ["**/test/**/*.ts", "**/*.e2e-spec.ts", "**/webpack.config.js"],
        rules: { "@nx/enforce-module-boundaries": "off" }
    }
];
