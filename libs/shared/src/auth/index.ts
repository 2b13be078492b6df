export * from './password';
export * from './roles';
export * from './access-token';
export * from './token-keys';
