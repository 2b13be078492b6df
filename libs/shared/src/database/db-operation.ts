import { AsyncLocalStorage } from 'node:async_hooks';
import { dbOperationDuration } from '../metrics/http-metrics';

const operationStorage = new AsyncLocalStorage<string>();

/** Name of the database operation running in this async context (for the slow-query log). */
export function currentDbOperation(): string {
  return operationStorage.getStore() ?? 'unnamed';
}

/**
 * Times one named database operation (`documentos.list_by_area`) into
 * db_client_operation_duration_seconds. Repositories wrap every query in it, so the metric's
 * label set is the bounded list of operations the code runs.
 */
export async function timedDb<T>(operation: string, fn: () => Promise<T>): Promise<T> {
  const end = dbOperationDuration.startTimer({ operation });
  try {
    const result = await operationStorage.run(operation, fn);
    end({ outcome: 'ok' });
    return result;
  } catch (err) {
    end({ outcome: 'error' });
    throw err;
  }
}
