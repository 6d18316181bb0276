import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { DemoRefusedError, seedDemo } from '../src/demo/seed-demo.ts';
import { DataDirLockedError, lockDataDir } from '../src/platform/db/data-dir-lock.ts';
import { createTestContext } from './support/test-context.ts';
import { onPostgres } from './support/test-database.ts';

const root = path.resolve(import.meta.dirname, '..');

// Node with tsx as its loader, one process: the signal the test sends reaches the server itself. (The tsx command
// relays signals to a child and kills it if the child does not acknowledge within 30 ms, which a loaded machine
// misses.)
function communs(args: string[], env: Record<string, string>): ChildProcess {
  const { TEST_DATABASE_URL: _ignored, ...inherited } = process.env;
  return spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/main.ts'), ...args], {
    cwd: root,
    env: { ...inherited, ...env, NODE_ENV: 'development' },
  });
}

function collect(child: ChildProcess): { out: () => string; exit: Promise<number | null> } {
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return { out: () => out, exit: new Promise((resolve) => child.on('exit', resolve)) };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'communs-cli-'));
});
afterAll(async () => rm(dataDir, { recursive: true, force: true }));

// `npm start` always runs on the embedded database (the children below are started without TEST_DATABASE_URL), so the
// PostgreSQL pass would only run these same processes a second time.
describe.skipIf(onPostgres())('npm start on an empty data directory (issue 2 §1, §7)', () => {
  it('creates the embedded database, seeds the demo, serves, and refuses a second process on the same directory', async () => {
    const port = await freePort();
    const env = { DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' };
    const first = communs(['serve'], env);
    const firstOutput = collect(first);
    try {
      const deadline = Date.now() + 90_000;
      while (!firstOutput.out().includes('Communs est prêt')) {
        if (Date.now() > deadline) throw new Error(`not ready:\n${firstOutput.out()}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(firstOutput.out()).toContain(`http://localhost:${port}`);
      expect(firstOutput.out()).toContain('citoyen@example.org');
      expect(firstOutput.out()).toContain('admin.rillieux-la-pape@example.org');
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(await health.json()).toEqual({ status: 'ok', database: 'pglite' });
      const givors = await fetch(`http://127.0.0.1:${port}/c/givors/`);
      expect(await givors.text()).toContain('offre Partenaire');

      const second = collect(communs(['serve'], { ...env, PORT: String(await freePort()) }));
      expect(await second.exit).toBe(1);
      expect(second.out()).toContain('est déjà utilisé par le processus');
      expect(second.out()).not.toMatch(/\n\s+at /);
    } finally {
      first.kill('SIGTERM');
    }
    expect(await firstOutput.exit).toBe(0);
    expect(existsSync(path.join(dataDir, 'communs.lock'))).toBe(false);
  }, 120_000);

  it('explains a wrong setting in French, without a stack trace', async () => {
    const run = collect(communs(['migrate'], { DATA_DIR: dataDir, DATABASE_URL: 'mysql://x' }));
    expect(await run.exit).toBe(1);
    expect(run.out()).toContain('DATABASE_URL doit commencer par postgres://');
    expect(run.out()).not.toMatch(/\n\s+at /);
  }, 30_000);
});

describe('the data directory lock (issue 2 §7)', () => {
  it('lets one holder at a time and takes over a lock left by a dead process', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'communs-lock-'));
    const release = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    release();
    // A lock file naming a process that no longer exists.
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path.join(dir, 'communs.lock'), '2147483646');
    const again = lockDataDir(dir);
    again();
    await rm(dir, { recursive: true, force: true });
  });
});

describe('configuration and demo data', () => {
  it('names each invalid variable', () => {
    expect(() => loadConfig({ PORT: 'quatre-vingts' })).toThrow(/PORT/);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow('SESSION_SECRET est obligatoire en production');
    expect(() => loadConfig({ TENANT_HOSTS: 'givors.example' })).toThrow(
      "« givors.example » doit s'écrire hôte=commune",
    );
    expect(loadConfig({ TENANT_HOSTS: 'A.example=givors' }).tenantHosts.get('a.example')).toBe('givors');
    expect(() => loadConfig({ OUTGOING_ALLOWED_ADDRESSES: '127.0.0.1,localhost' })).toThrow(
      /OUTGOING_ALLOWED_ADDRESSES : « localhost »/,
    );
    expect(loadConfig({}).outgoingAllowedAddresses).toEqual([]);
  });

  it('refuses demo data in production', async () => {
    const t = await createTestContext();
    try {
      const production = { ...t.services.config, env: 'production' as const };
      await expect(seedDemo(t.services, production)).rejects.toThrow(DemoRefusedError);
      expect(
        await t.services.db
          .selectFrom('user_account')
          .select('id')
          .where('email', '=', 'citoyen@example.org')
          .execute(),
      ).toHaveLength(0);
    } finally {
      await t.close();
    }
  });
});
