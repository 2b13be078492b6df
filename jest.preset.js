// One transform for every project: @swc/jest with decorator metadata (NestJS DI needs it).
const nxPreset = require('@nx/jest/preset').default;

module.exports = {
  ...nxPreset,
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  // jose 6 ships only ES modules: compile it to CommonJS like the sources (Node itself loads it with require).
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['**/?(*.)+(spec|e2e-spec).ts'],
  globalSetup: require.resolve('./tools/jest/global-setup.ts'),
  globalTeardown: require.resolve('./tools/jest/global-teardown.ts'),
  setupFilesAfterEnv: [require.resolve('./tools/jest/suite-isolation.ts')],
  testTimeout: 60000,
};
