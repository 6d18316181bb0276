/**
 * `npm run bench -- <name>` runs bench/<name>.ts, which exports `run()`. Each benchmark prints its figure as a ratio
 * against a baseline measured in the same run, on the same machine and database.
 */
const name = process.argv[2];
if (!name || !/^[a-z0-9-]+$/.test(name)) {
  process.stderr.write('Utilisation : npm run bench -- <nom> (par exemple submit)\n');
  process.exit(2);
}
const module = (await import(`./${name}.ts`)) as { run?: () => Promise<void> };
if (!module.run) {
  process.stderr.write(`bench/${name}.ts n'exporte pas run()\n`);
  process.exit(2);
}
await module.run();
process.exit(0);
