export * from './domain.exception';
export * from './error-codes';
export * from './problem-limits';
