import baseConfig from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    // The benchmark composes the apps and the seed tool, as the launcher and end-to-end tests do
    // (it loads datasets with the seed and derives tracking codes as documentos-service does).
    files: ['**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
];
