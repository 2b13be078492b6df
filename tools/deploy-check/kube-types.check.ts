import * as ts from 'typescript';
import { join } from 'node:path';
import { KubeObject, objectRef } from './kustomize.render';

/** Where the model types of an apiVersion live: prometheus-operator's CRDs or core Kubernetes. */
function typesModule(o: KubeObject): string {
  const pkg = o.apiVersion.startsWith('monitoring.coreos.com/')
    ? '@kubernetes-models/prometheus-operator'
    : 'kubernetes-models';
  return `${pkg}/${o.apiVersion}/${o.kind}`;
}

/**
 * Type-checks every object as a typed object literal (`const o: IDeployment = {...}`) against
 * the types of kubernetes-models and @kubernetes-models/prometheus-operator. TypeScript's
 * excess-property check rejects an unknown field at any depth (`imagee:`), which the packages'
 * own validate() lets through. Returns one message per problem, naming the object.
 */
export function typeCheckObjects(objects: KubeObject[]): string[] {
  // A file that does not exist on disk, beside this one so that node_modules resolves.
  const fileName = join(__dirname, '__rendered-objects__.ts');
  const lines = objects.map(
    (o, i) => `import type { I${o.kind} as T${i} } from '${typesModule(o)}';`,
  );
  const owners: Array<{ from: number; to: number; ref: string }> = [];
  objects.forEach((o, i) => {
    const body = JSON.stringify(o, null, 2).split('\n');
    body[0] = `export const o${i}: T${i} = ${body[0]}`;
    body[body.length - 1] += ';';
    owners.push({
      from: lines.length,
      to: lines.length + body.length,
      ref: objectRef(o),
    });
    lines.push(...body);
  });
  const source = lines.join('\n');

  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    skipLibCheck: true,
    types: [],
    lib: ['lib.es2022.d.ts'],
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, languageVersion, ...rest) =>
    name === fileName
      ? ts.createSourceFile(name, source, languageVersion)
      : getSourceFile.call(host, name, languageVersion, ...rest);
  host.fileExists = (name) => name === fileName || fileExists.call(host, name);
  host.readFile = (name) =>
    name === fileName ? source : readFile.call(host, name);

  const program = ts.createProgram([fileName], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!d.file || d.start === undefined) return message;
    const { line } = d.file.getLineAndCharacterOfPosition(d.start);
    const owner = owners.find((o) => line >= o.from && line < o.to);
    return `${owner?.ref ?? d.file.fileName}: ${message}`;
  });
}
