import { startProcess } from '@mesa/shared/testing';
import { createHash } from 'node:crypto';
import { join, relative } from 'node:path';

// tools/jest/suite-redis-prefix.ts, seen from a test file.
describe("a test file's Redis key prefix (npm test's environment)", () => {
  const prefix = process.env.REDIS_KEY_PREFIX ?? '';
  const runPrefix = prefix.replace(/[^:]+:$/, '');

  it("is the run's prefix followed by a hash of this file's path in the repository", () => {
    const path = relative(join(__dirname, '..', '..'), __filename);
    expect(path).toBe(join('tools', 'launcher', 'redis-prefix.spec.ts'));
    expect(runPrefix).toMatch(/^test:[^:]+:$/);
    expect(prefix).toBe(`${runPrefix}${createHash('sha256').update(path).digest('hex').slice(0, 8)}:`);
  });

  it('reaches the processes a test starts', async () => {
    const child = startProcess(process.execPath, ['-e', 'process.stdout.write(process.env.REDIS_KEY_PREFIX)']);
    expect(await child.exited).toEqual({ code: 0, signal: null });
    expect(child.output()).toBe(prefix);
  });
});
