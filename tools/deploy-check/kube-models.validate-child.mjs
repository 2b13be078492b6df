// Child process of kube-models.validate.ts: kubernetes-models and its prometheus-operator
// counterpart are ESM-only, which Jest's CommonJS transform cannot import. Reads a JSON array of
// objects on stdin, runs each model's validate() (value types, formats, required fields) and
// writes a JSON array of problems ("Kind/name: message") on stdout.
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const objects = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const problems = [];
for (const o of objects) {
  const ref = `${o.kind}/${o.metadata?.name}`;
  const pkg = o.apiVersion.startsWith('monitoring.coreos.com/')
    ? '@kubernetes-models/prometheus-operator'
    : 'kubernetes-models';
  let Model;
  try {
    Model = (await import(`${pkg}/${o.apiVersion}`))[o.kind];
  } catch (error) {
    problems.push(`${ref}: no model for ${o.apiVersion}: ${error.message}`);
    continue;
  }
  if (typeof Model !== 'function') {
    problems.push(`${ref}: ${pkg}/${o.apiVersion} has no kind ${o.kind}`);
    continue;
  }
  try {
    new Model(o).validate();
  } catch (error) {
    problems.push(`${ref}: ${error.message}`);
  }
}
process.stdout.write(JSON.stringify(problems));
