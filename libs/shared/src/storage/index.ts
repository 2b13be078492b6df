export { Storage, StorageLimitExceeded, StorageNotFound } from './storage';
export { LocalDiskStorage } from './local-disk.storage';
export { StorageModule } from './storage.module';
