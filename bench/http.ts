import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import autocannon from 'autocannon';

/**
 * Requests per second of /healthz and of the home page, against a bare Fastify route measured in the same run on the
 * same machine. Each server runs in its own process; autocannon loads it from this one.
 * Options: --seconds N (default 10), --connections N (default 10).
 */
type Result = { label: string; requests: number; p50: number; p99: number; errors: number };

async function startServer(mode: 'bare' | 'communs'): Promise<{ port: number; child: ChildProcess }> {
  const tsx = path.join(import.meta.dirname, '../node_modules/tsx/dist/cli.mjs');
  const child = spawn(process.execPath, [tsx, path.join(import.meta.dirname, 'http.server.ts'), mode], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /PORT (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`server ${mode} exited with ${code}`)));
  });
  return { port, child };
}

async function load(label: string, url: string, seconds: number, connections: number): Promise<Result> {
  // A short warm-up (JIT, connection pool, caches), then the measured run.
  await autocannon({ url, connections, duration: 2 });
  const result = await autocannon({ url, connections, duration: seconds });
  return {
    label,
    requests: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

export async function run(args: string[]): Promise<void> {
  const option = (name: string, fallback: number) => {
    const index = args.indexOf(`--${name}`);
    return index >= 0 ? Number(args[index + 1]) : fallback;
  };
  const seconds = option('seconds', 10);
  const connections = option('connections', 10);
  const results: Result[] = [];
  const bare = await startServer('bare');
  results.push(
    await load('Fastify nu, GET /healthz (référence)', `http://127.0.0.1:${bare.port}/healthz`, seconds, connections),
  );
  bare.child.kill();
  const communs = await startServer('communs');
  results.push(await load('Communs, GET /healthz', `http://127.0.0.1:${communs.port}/healthz`, seconds, connections));
  results.push(
    await load("Communs, GET / (page d'accueil)", `http://127.0.0.1:${communs.port}/`, seconds, connections),
  );
  communs.child.kill();
  const baseline = results[0]?.requests ?? 1;
  process.stdout.write(
    `\nDébit HTTP (${seconds} s par mesure, ${connections} connexions, ${process.env.DATABASE_URL ? 'PostgreSQL' : 'base embarquée'})\n`,
  );
  for (const r of results) {
    process.stdout.write(
      `${r.label.padEnd(40)} ${r.requests.toFixed(0).padStart(7)} req/s   ×${(r.requests / baseline).toFixed(2)} de la référence   p50 ${r.p50} ms   p99 ${r.p99} ms${r.errors ? `   ${r.errors} erreurs` : ''}\n`,
    );
  }
}
