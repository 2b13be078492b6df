/**
 * Jest setupFilesAfterEnv: each test file gets its own Redis key prefix under the run's
 * (`<run prefix><hash of the file's path>:`), so suites running in parallel never share a stream,
 * a consumer group or a cache, and the end-of-run cleanup by the run's prefix still removes them.
 * It runs before the test file's code; Jest gives each file a fresh copy of process.env, and the
 * apps a test spawns get that copy.
 */
import { createHash } from 'node:crypto';
import { join, relative } from 'node:path';

const { testPath } = expect.getState();
if (testPath && process.env.REDIS_KEY_PREFIX) {
  // The path in the repository: the same prefix for a file on every machine.
  const hash = createHash('sha256').update(relative(join(__dirname, '..', '..'), testPath)).digest('hex').slice(0, 8);
  process.env.REDIS_KEY_PREFIX = `${process.env.REDIS_KEY_PREFIX}${hash}:`;
}
