import { readdirSync, readFileSync } from 'node:fs';

/** True while a process of that pid exists (signal 0 checks without signalling). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The launcher's children, by the PORT each was given (Linux /proc). */
export function childrenByPort(launcherPid: number): Map<number, number> {
  const found = new Map<number, number>();
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== launcherPid) continue;
      const port = readFileSync(`/proc/${entry}/environ`, 'utf8')
        .split('\0')
        .find((v) => v.startsWith('PORT='));
      if (port) found.set(Number(port.slice(5)), Number(entry));
    } catch {
      // The process has just exited.
    }
  }
  return found;
}
