export { Storage, StorageLimitExceeded, StorageNotFound, assertValidKey } from './storage';
export type { PutOptions, StoredObject } from './storage';
export { LocalDiskStorage } from './local-disk.storage';
export { StorageModule } from './storage.module';
