import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: every path the launcher uses hangs from here, wherever it is run from. */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const fromRoot = (...parts) => join(repoRoot, ...parts);
