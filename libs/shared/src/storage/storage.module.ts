import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '../config';
import { LocalDiskStorage } from './local-disk.storage';
import { Storage } from './storage';

/** Provides `Storage`; the local-disk driver under `STORAGE_DIR` is the default (and only) one today. */
@Module({})
export class StorageModule {
  static forRoot(config: Pick<AppConfig, 'STORAGE_DIR'>): DynamicModule {
    return {
      module: StorageModule,
      providers: [{ provide: Storage, useValue: new LocalDiskStorage(config.STORAGE_DIR) }],
      exports: [Storage],
    };
  }
}
