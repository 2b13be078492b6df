export * from './password';
export * from './roles';
export * from './jwt-claims';
