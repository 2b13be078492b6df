export { AppCacheModule } from './app-cache.module';
export { CacheService } from './cache.service';
