import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line and outgoing bus message carries about the request being served. */
export interface RequestContextData {
  requestId: string;
  /** Message pattern being handled, when inside a bus handler. */
  pattern?: string;
  /** Authenticated user id, when known (never personal data). */
  userId?: string;
}

const storage = new AsyncLocalStorage<RequestContextData>();

export const RequestContext = {
  run<T>(ctx: RequestContextData, fn: () => T): T {
    return storage.run(ctx, fn);
  },
  get(): RequestContextData | undefined {
    return storage.getStore();
  },
  requestId(): string | undefined {
    return storage.getStore()?.requestId;
  },
};
