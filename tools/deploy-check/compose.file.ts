import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { fromRoot } from './suite.apps';

interface ComposeService {
  image?: string;
  build?: { context: string; target?: string; args?: Record<string, string> };
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  profiles?: string[];
  volumes?: string[];
  ports?: string[];
  [field: string]: unknown;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  [field: string]: unknown;
}

/** docker-compose.yml with its YAML merge keys (`<<: *app`) applied, as docker compose reads it. */
export function readCompose(
  text = readFileSync(fromRoot('docker-compose.yml'), 'utf8'),
): ComposeFile {
  return parse(text, { merge: true }) as ComposeFile;
}

/**
 * The Compose Specification's JSON schema as dclint ships it (schemas/compose.schema.json, not in
 * the package's exports, hence the path from its package.json), compiled with the Ajv dclint
 * itself depends on. Services allow no unknown field (`additionalProperties: false`).
 */
export function composeSchemaValidator(): ValidateFunction {
  const dclint = createRequire(require.resolve('dclint/package.json'));
  const schema = JSON.parse(
    readFileSync(dclint.resolve('./schemas/compose.schema.json'), 'utf8'),
  );
  // Draft-07 meta-schema by URL, which Ajv 8 does not bundle; the schema needs nothing of it.
  delete schema.$schema;
  const AjvClass = (dclint('ajv') as { default: typeof Ajv }).default;
  // strict: false only silences Ajv's opinions about how the schema is written (union types);
  // the data is still checked in full.
  return new AjvClass({ allErrors: true, strict: false }).compile(schema);
}

export function composeSchemaErrors(
  compose: unknown,
  validate = composeSchemaValidator(),
): string[] {
  if (validate(compose)) return [];
  return (validate.errors ?? []).map(
    (e) =>
      `${e.instancePath || '/'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`,
  );
}
