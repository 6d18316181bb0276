// npm run bench -- <name>: runs bench/<name>.ts, whose `run()` prints its figures against a baseline of the same run.
import { readdirSync } from 'node:fs';
import path from 'node:path';

const name = process.argv[2];
const available = readdirSync(import.meta.dirname)
  .filter((f) => f.endsWith('.ts') && !['run.ts'].includes(f) && !f.includes('.server.'))
  .map((f) => f.replace(/\.ts$/, ''));
if (!name || !available.includes(name)) {
  process.stderr.write(`Usage : npm run bench -- <nom>\nBenchmarks : ${available.join(', ')}\n`);
  process.exit(2);
}
const module = (await import(path.join(import.meta.dirname, `${name}.ts`))) as {
  run: (args: string[]) => Promise<void>;
};
await module.run(process.argv.slice(3));
process.exit(0);
