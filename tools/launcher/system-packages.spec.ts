import { startProcess } from '@mesa/shared/testing';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * ensurePrograms in a node of its own, as user `uid` (process.getuid answers it), with `bin`
 * first on the PATH. There, a stand-in apt-get records how it is called and, on install,
 * provides the program: a test cannot install real packages.
 */
async function ensureAs(uid: number, bin: string, programs: Record<string, string>) {
  const script = `
    process.getuid = () => ${uid};
    const { ensurePrograms } = await import(${JSON.stringify(join(__dirname, 'system-packages.mjs'))});
    try {
      process.stdout.write(JSON.stringify(await ensurePrograms(${JSON.stringify(programs)})));
    } catch (error) {
      process.stderr.write(error.message);
      process.exitCode = 1;
    }`;
  const child = startProcess(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
  });
  return { ...(await child.exited), output: child.output() };
}

describe('the system programs npm test provides', () => {
  let bin: string;
  const calls = () => readFileSync(join(bin, 'calls'), 'utf8').trim().split('\n');

  beforeEach(() => {
    bin = mkdtempSync(join(tmpdir(), 'mesa-apt-'));
    const aptGet = `#!/bin/sh
echo "$DEBIAN_FRONTEND $*" >> "${bin}/calls"
case "$*" in *install*) printf '#!/bin/sh\\n' > "${bin}/mesa-probe-cli"; chmod +x "${bin}/mesa-probe-cli" ;; esac
`;
    writeFileSync(join(bin, 'apt-get'), aptGet);
    chmodSync(join(bin, 'apt-get'), 0o755);
  });
  afterEach(() => rmSync(bin, { recursive: true, force: true }));

  it('as root, installs the missing package without questions or recommends, once', async () => {
    const run = await ensureAs(0, bin, { 'mesa-probe-cli': 'mesa-probe', 'mesa-probe-cli-too': 'mesa-probe', node: 'nodejs' });
    // The second program never appears: the launcher says so instead of going on without it.
    expect(run).toEqual({
      code: 1,
      signal: null,
      output: expect.stringContaining('apt-get installed mesa-probe, yet mesa-probe-cli-too is not on the PATH.'),
    });
    expect(calls()).toEqual([
      'noninteractive update -q',
      'noninteractive -q install -y --no-install-recommends mesa-probe',
    ]);
  });

  it('as root, gives the packages it installed and then finds the program', async () => {
    const run = await ensureAs(0, bin, { 'mesa-probe-cli': 'mesa-probe', node: 'nodejs' });
    expect(run).toEqual({ code: 0, signal: null, output: expect.stringMatching(/\["mesa-probe"\]$/) });
  });

  it('as another user, stops at once with the one command to run', async () => {
    const run = await ensureAs(1000, bin, { 'mesa-probe-cli': 'mesa-probe', node: 'nodejs' });
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/\n {2}sudo apt-get install -y --no-install-recommends mesa-probe$/);
    expect(() => calls()).toThrow(/ENOENT/);
  });

  it('does nothing when every program is there', async () => {
    expect(await ensureAs(1000, bin, { node: 'nodejs', 'apt-get': 'apt' })).toEqual({ code: 0, signal: null, output: '[]' });
  });
});
