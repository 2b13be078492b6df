import { CacheManagerOptions, CacheModule } from '@nestjs/cache-manager';
import { DynamicModule, Module } from '@nestjs/common';
import {
  CACHE_SETTINGS,
  CacheOptions,
  resolveCacheSettings,
} from './cache.options';
import { createCacheKeyv } from './cache-redis.store';
import { CacheService } from './cache.service';

/**
 * The one cache of an app: cache-manager with the Keyv Redis store, behind `CacheService`.
 * Only `CacheService` is exported, so every service caches the same way (versioned keys,
 * coalescing, circuit, metrics).
 */
@Module({})
export class AppCacheModule {
  static forRoot(options: CacheOptions): DynamicModule {
    const settings = resolveCacheSettings(options);
    return {
      module: AppCacheModule,
      global: true,
      imports: [
        // Disabled: cache-manager keeps its in-memory default, which CacheService never touches.
        CacheModule.registerAsync({
          useFactory: (): CacheManagerOptions =>
            settings.enabled ? { stores: [createCacheKeyv(settings)] } : {},
        }),
      ],
      providers: [
        { provide: CACHE_SETTINGS, useValue: settings },
        CacheService,
      ],
      exports: [CacheService],
    };
  }
}
