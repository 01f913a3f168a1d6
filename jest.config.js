// Four tiers, selected by file suffix; `npm test` runs them all.
const moduleNameMapper = {
  '^@app/domain$': '<rootDir>/libs/domain/src',
  '^@app/domain/(.*)$': '<rootDir>/libs/domain/src/$1',
  '^@app/event-store$': '<rootDir>/libs/event-store/src',
  '^@app/event-store/(.*)$': '<rootDir>/libs/event-store/src/$1',
  '^@app/config$': '<rootDir>/libs/config/src',
  '^@app/sqlite$': '<rootDir>/libs/sqlite/src',
  '^@app/read-store$': '<rootDir>/libs/read-store/src',
  '^@app/read-store/(.*)$': '<rootDir>/libs/read-store/src/$1',
  '^@app/projection-engine$': '<rootDir>/libs/projection-engine/src',
  '^@app/projection-engine/(.*)$': '<rootDir>/libs/projection-engine/src/$1',
  '^@app/read-models$': '<rootDir>/libs/read-models/src',
  '^@app/read-models/(.*)$': '<rootDir>/libs/read-models/src/$1',
  '^@app/demo$': '<rootDir>/libs/demo/src',
  '^@app/demo/(.*)$': '<rootDir>/libs/demo/src/$1',
  '^@app/application$': '<rootDir>/libs/application/src',
  '^@app/application/(.*)$': '<rootDir>/libs/application/src/$1',
};
// Type checking is done once by `npm run typecheck`; jest only transpiles.
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] };
const project = (displayName, testMatch, extra = {}) => ({
  displayName,
  rootDir: __dirname,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform,
  moduleNameMapper,
  testMatch,
  ...extra,
});

module.exports = {
  // A ceiling, not a speed check: starting an app or a process takes seconds on a busy 2-core machine.
  testTimeout: 30_000,
  projects: [
    project('unit', ['<rootDir>/{apps,libs}/**/*.unit.spec.ts']),
    project('int', ['<rootDir>/{apps,libs,test}/**/*.int.spec.ts']),
    project('e2e', ['<rootDir>/test/**/*.e2e.spec.ts']),
    // Crash, concurrency, redelivery, outage, overload and disk-full tests; RELIABILITY_LONG=1 runs them for hours.
    project('reliability', ['<rootDir>/test/reliability/**/*.reliability.spec.ts']),
  ],
};
