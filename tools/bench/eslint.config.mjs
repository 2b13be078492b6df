import baseConfig, { moduleBoundaries } from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    // The benchmark loads its datasets with the seed tool (one tool using another); apart from
    // that it keeps the workspace's boundaries.
    files: ['**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': moduleBoundaries(['^\\.\\./\\.\\./seed/']) },
  },
];
