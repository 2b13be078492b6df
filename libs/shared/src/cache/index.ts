export { AppCacheModule } from './app-cache.module';
export { CacheService } from './cache.service';
export type { CacheStats, GetOrLoadOptions } from './cache.service';
export { DEFAULT_TTL_SECONDS } from './cache.options';
export type { CacheKind, CacheOptions } from './cache.options';
export type { CacheKey } from './cache-key.builder';
