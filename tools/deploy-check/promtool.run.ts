import { spawnSync } from 'node:child_process';

export interface PromtoolResult {
  status: number | null;
  output: string;
}

/** Runs Debian's promtool (package prometheus); a clear failure when it is missing. */
export function promtool(args: string[], cwd: string): PromtoolResult {
  const run = spawnSync('promtool', args, { cwd, encoding: 'utf8' });
  if (run.error && (run.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error(
      "promtool is not on the PATH: install Debian's prometheus package (apt-get install prometheus), as CI does",
    );
  }
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}
