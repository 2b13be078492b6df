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
  // jose 6, pkijs and asn1js 4 (with their dependencies) ship only ES modules: compile them to
  // CommonJS like the sources (Node itself loads them with require).
  transformIgnorePatterns: ['/node_modules/(?!(jose|pkijs|asn1js|bytestreamjs|@peculiar/utils|@noble/hashes)/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['**/?(*.)+(spec|e2e-spec).ts'],
  globalSetup: require.resolve('./tools/jest/global-setup.ts'),
  globalTeardown: require.resolve('./tools/jest/global-teardown.ts'),
  setupFilesAfterEnv: [require.resolve('./tools/jest/suite-isolation.ts')],
  testTimeout: 60000,
};
