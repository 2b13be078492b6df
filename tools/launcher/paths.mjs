import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: every path the launcher uses hangs from here, wherever it is run from. */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const fromRoot = (...parts) => join(repoRoot, ...parts);

/** The script behind a package's command (its package.json `bin`), run with this node. */
export function packageBin(pkg, command = pkg) {
  const manifest = JSON.parse(readFileSync(fromRoot('node_modules', pkg, 'package.json'), 'utf8'));
  const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin[command];
  return fromRoot('node_modules', pkg, bin);
}
