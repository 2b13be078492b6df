// Runs one exported function of a TypeScript module of the repo, in a process of its own:
//   CALL_EXPORT_ARGUMENT=<json> node -r @swc-node/register tools/launcher/call-export.cjs <file.ts> <export>
// The argument travels in the environment rather than argv, where `ps` would show a seed password.
// What the function returns is printed as JSON. The process exits once the function settles, so a pool or timer left open cannot hang the launcher.
const { resolve } = require('node:path');

const [file, exportName] = process.argv.slice(2);
const json = process.env.CALL_EXPORT_ARGUMENT;
const fn = require(resolve(file))[exportName];
if (typeof fn !== 'function') {
  console.error(`${file} does not export a function named ${exportName}`);
  process.exit(2);
}
Promise.resolve()
  .then(() => fn(json === undefined ? undefined : JSON.parse(json)))
  .then(
    (result) => {
      if (result !== undefined) console.log(JSON.stringify(result));
      process.exit(0);
    },
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
