// Tests are compiled by `tsc` (npm test builds first) and jest runs the emitted ESM directly:
// no per-file transform, the same JavaScript the host and Azure run.
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/dist/test'],
  testMatch: ['**/*.test.js'],
  transform: {},
  globalSetup: '<rootDir>/dist/test/support/global-setup.js',
  globalTeardown: '<rootDir>/dist/test/support/global-teardown.js',
  testTimeout: 120000,
  maxWorkers: 2,
};
