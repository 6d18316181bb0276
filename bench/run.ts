/**
 * `npm run bench -- <name>`: runs bench/<name>.ts, which exports `run()` and prints its figures as ratios against a
 * baseline measured in the same run.
 */
const name = process.argv[2];
if (!name || !/^[a-z0-9-]+$/.test(name)) {
  process.stderr.write('Utilisation : npm run bench -- <nom>   (par exemple : npm run bench -- oidc)\n');
  process.exit(2);
}
const bench = (await import(`./${name}.ts`)) as { run(): Promise<void> };
await bench.run();
process.exit(0);
