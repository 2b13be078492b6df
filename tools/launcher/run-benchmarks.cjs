// Runs the benchmark functions of one *.bench.ts module of the repo:
//   node -r @swc-node/register tools/launcher/run-benchmarks.cjs <file.bench.ts> [args...]
// Every export named run<Something>Benchmark is called in turn (the extra command-line arguments
// stay in process.argv for it to read) and what it returns is printed as JSON.
const { resolve } = require('node:path');

async function run() {
  const file = process.argv[2];
  const benchmarks = Object.entries(require(resolve(file))).filter(
    ([name, value]) => /^run\w*Benchmark$/.test(name) && typeof value === 'function',
  );
  if (!benchmarks.length) console.error(`${file} exports no run…Benchmark function`);
  for (const [name, benchmark] of benchmarks) {
    console.log(`${name}:`);
    const result = await benchmark();
    if (result !== undefined) console.log(JSON.stringify(result, null, 2));
  }
}

run().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
