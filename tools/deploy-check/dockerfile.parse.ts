import { readFileSync } from 'node:fs';
import { fromRoot } from './suite.apps';

export interface DockerInstruction {
  stage: string;
  keyword: string;
  args: string;
}

/** Instructions of the Dockerfile with line continuations joined, each tagged with its stage. */
export function readDockerfile(
  text = readFileSync(fromRoot('Dockerfile'), 'utf8'),
): DockerInstruction[] {
  const logical = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const instructions: DockerInstruction[] = [];
  let stage = '';
  for (const line of logical) {
    const [, keyword, args] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const upper = keyword.toUpperCase();
    if (upper === 'FROM') stage = /\sAS\s+(\S+)/i.exec(args)?.[1] ?? '';
    instructions.push({ stage, keyword: upper, args });
  }
  return instructions;
}

export const stagesOf = (instructions: DockerInstruction[]) =>
  instructions.filter((i) => i.keyword === 'FROM').map((i) => i.stage);

/** Names set by ENV in one stage (`ENV A=1 B=2`). */
export const envNamesOf = (instructions: DockerInstruction[], stage: string) =>
  instructions
    .filter((i) => i.stage === stage && i.keyword === 'ENV')
    .flatMap((i) =>
      [...i.args.matchAll(/(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)=/g)].map(
        (m) => m[1],
      ),
    );
