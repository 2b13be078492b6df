// Lints the OpenAPI document on stdin with Spectral (oas + OWASP rulesets); prints the findings as JSON.
// A plain Node process, not Jest: the installed tree holds two ajv 8 (spectral-core's own and the
// hoisted one the hoisted ajv-errors extends); ajv-errors must extend spectral-core's, or every
// rule's schema fails to compile. Only ajv-errors' requests are redirected.
const Module = require('node:module');
const { dirname } = require('node:path');

const ajv = dirname(require.resolve('ajv/package.json', { paths: [dirname(require.resolve('@stoplight/spectral-core'))] }));
const resolver = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  const deAjvErrors = parent?.filename?.includes(`${require('node:path').sep}ajv-errors${require('node:path').sep}`);
  return resolver.call(this, deAjvErrors && /^ajv(\/|$)/.test(request) ? request.replace(/^ajv/, ajv) : request, parent, ...rest);
};

const { Spectral, Document } = require('@stoplight/spectral-core');
const Parsers = require('@stoplight/spectral-parsers');
const { oas } = require('@stoplight/spectral-rulesets');
const owaspModule = require('@stoplight/spectral-owasp-ruleset');
const owasp = owaspModule.default ?? owaspModule;

(async () => {
  const chunks = [];
  for await (const c of process.stdin) chunks.push(c);
  const spectral = new Spectral();
  spectral.setRuleset({ extends: [[oas, 'recommended'], [owasp, 'recommended']] });
  const results = await spectral.run(new Document(Buffer.concat(chunks).toString('utf8'), Parsers.Json, 'api-docs.json'));
  process.stdout.write(JSON.stringify(results.map(({ code, message, path, severity }) => ({ code, message, path, severity }))));
})().catch((err) => {
  process.stderr.write(`${err.stack}\n`);
  process.exit(1);
});
