import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import type { BenchTarget } from './oidc-server.ts';

/**
 * `npm run bench -- oidc`: grants per second per core on the identity service — client credentials,
 * refresh tokens — and password logins per second, against a bare oidc-provider with its in-memory adapter measured
 * in the same run (the baseline). Each server runs in its own process pinned to core 0 (`taskset`); the load comes
 * from this process, pinned to core 1. Embedded database by default (everything of Communs on that one core);
 * BENCH_DATABASE_URL=postgres://… measures on PostgreSQL (the database then runs outside the pinned core).
 * Goals: ≥ 240 grants/s per core, storage overhead ≤ 30 % against the bare library.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 16;

async function startServer(mode: 'communs' | 'bare'): Promise<{ target: BenchTarget; child: ChildProcess }> {
  const child = spawn('taskset', ['-c', '0', process.execPath, '--import', 'tsx', 'bench/oidc-server.ts', mode], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  const lines = createInterface({ input: child.stdout! });
  const [line] = (await once(lines, 'line')) as [string];
  return { target: JSON.parse(line) as BenchTarget, child };
}

async function stop(child: ChildProcess): Promise<void> {
  child.kill('SIGTERM');
  await once(child, 'exit');
}

/** Requests per second that got a 200 from /oidc/token, after a one-second warm-up. */
async function grants(target: BenchTarget, body: string): Promise<{ perSecond: number; errors: number }> {
  const options = {
    url: `http://127.0.0.1:${target.port}/oidc/token`,
    method: 'POST' as const,
    headers: {
      authorization: `Basic ${Buffer.from(`${target.clientId}:${target.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body,
    connections: CONNECTIONS,
  };
  await autocannon({ ...options, duration: 1 });
  const result = await autocannon({ ...options, duration: SECONDS });
  const ok = result['2xx'];
  return { perSecond: ok / SECONDS, errors: result.non2xx + result.errors };
}

/** Password logins through the login form (page, then post), each from its own address, for SECONDS. */
async function logins(target: BenchTarget): Promise<number> {
  const base = `http://127.0.0.1:${target.port}`;
  const deadline = Date.now() + SECONDS * 1000;
  let done = 0;
  let address = 0;
  const worker = async () => {
    while (Date.now() < deadline) {
      const ip = `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address++ & 255}`;
      const page = await fetch(`${base}/connexion`, { headers: { 'x-forwarded-for': ip } });
      const cookie = page.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
      const response = await fetch(`${base}/connexion`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie, 'x-forwarded-for': ip, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          _csrf: token,
          email: target.email ?? '',
          password: target.password ?? '',
        }).toString(),
      });
      await response.arrayBuffer();
      if (response.status === 303) done++;
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return done / SECONDS;
}

const format = (n: number) => n.toFixed(0).padStart(6);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/**
 * Ours and the baseline measured alternately, ROUNDS times each, and the medians compared: a machine shared with other
 * work slows both alike rather than whichever happened to run during a burst.
 */
async function compare(ours: BenchTarget, bare: BenchTarget, body: (target: BenchTarget) => string) {
  const results = { ours: [] as number[], bare: [] as number[], errors: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    for (const [side, target] of [
      ['bare', bare],
      ['ours', ours],
    ] as const) {
      const measured = await grants(target, body(target));
      results[side].push(measured.perSecond);
      results.errors += measured.errors;
    }
  }
  return { ours: median(results.ours), bare: median(results.bare), errors: results.errors, spread: results };
}

export async function run(): Promise<void> {
  // This process generates the load from the other core.
  spawn('taskset', ['-p', '-c', '1', String(process.pid)], { stdio: 'ignore' });
  const database = process.env.BENCH_DATABASE_URL ? 'PostgreSQL' : 'PGlite (embarquée, même cœur)';
  process.stdout.write(
    `Banc d'essai OpenID Connect — ${ROUNDS} tours alternés de ${SECONDS} s, ${CONNECTIONS} connexions, chaque serveur sur le cœur 0, base ${database}\n`,
  );
  const [bare, ours] = [await startServer('bare'), await startServer('communs')];
  try {
    // Refresh first: the library's in-memory store keeps 1 000 entries, and a burst of client-credentials tokens
    // would evict the grant the refresh token belongs to.
    const refresh = await compare(
      ours.target,
      bare.target,
      (t) => `grant_type=refresh_token&refresh_token=${t.refreshToken}`,
    );
    const cc = await compare(
      ours.target,
      bare.target,
      () => 'grant_type=client_credentials&scope=identity%3Adeleted_accounts',
    );
    const loginRate = await logins(ours.target);
    const row = (label: string, m: { ours: number; bare: number }) =>
      `  ${label.padEnd(28)} ${format(m.ours)} /s   oidc-provider seul ${format(m.bare)} /s   ratio ${(m.ours / m.bare).toFixed(2)}   surcoût ${((1 - m.ours / m.bare) * 100).toFixed(0)} %`;
    process.stdout.write(
      [
        row('client_credentials', cc),
        row('refresh_token', refresh),
        `  ${'connexions par mot de passe'.padEnd(28)} ${format(loginRate)} /s   (argon2id m=19 Mio, t=2 ; page puis formulaire)`,
        `  mesures (par tour) : client_credentials ${cc.spread.ours.map(format).join(' ')} / ${cc.spread.bare.map(format).join(' ')} ; refresh ${refresh.spread.ours.map(format).join(' ')} / ${refresh.spread.bare.map(format).join(' ')}`,
        `  erreurs : ${cc.errors + refresh.errors}`,
        '  objectifs : ≥ 240 octrois/s par cœur ; surcoût du stockage ≤ 30 %',
        '',
      ].join('\n'),
    );
  } finally {
    await stop(bare.child);
    await stop(ours.child);
  }
}
