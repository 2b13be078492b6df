import { startProcess } from '@mesa/shared/testing';
import { suitePrefix } from '../jest/suite-redis-prefix';

describe("a test file's Redis key prefix (npm test's environment)", () => {
  const prefix = process.env.REDIS_KEY_PREFIX ?? '';
  const runPrefix = prefix.replace(/[^:]+:$/, '');

  it("is the run's prefix followed by a hash of this file's path", () => {
    expect(runPrefix).toMatch(/^test:[^:]+:$/);
    expect(prefix).toBe(suitePrefix(runPrefix, __filename));
  });

  it('differs between two test files of the same run', () => {
    const replicas = suitePrefix(runPrefix, 'apps/gateway/test/replicas.e2e-spec.ts');
    expect(replicas).not.toBe(suitePrefix(runPrefix, 'apps/gateway/test/lecturas.e2e-spec.ts'));
    expect(replicas.startsWith(runPrefix)).toBe(true);
  });

  it('reaches the processes a test starts', async () => {
    const child = startProcess(process.execPath, ['-e', 'process.stdout.write(process.env.REDIS_KEY_PREFIX)']);
    expect(await child.exited).toEqual({ code: 0, signal: null });
    expect(child.output()).toBe(prefix);
  });
});
