import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { seedDemo } from '../src/demo/seed-demo.ts';
import { MODULES } from '../src/modules.ts';
import { connectDatabase } from '../src/platform/db/connect.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import { createServices } from '../src/platform/services.ts';

/**
 * `npm run bench -- home`: what the home pages cost a slow phone (issue 23 §3: total weight under 150 kB, first paint
 * fast). Debian's Chromium loads each page with an empty cache, its CPU slowed four times and a slow 4G network
 * (150 ms, 1.6 Mbit/s down), and reports every byte it received (CDP network events) and the first contentful paint.
 * The baseline, measured in the same run: the accessibility statement, a text page on the same layout, CSS and font.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BUDGET_BYTES = 150 * 1024;
const PAGES = [
  ['déclaration d’accessibilité (référence)', '/accessibilite'],
  ['accueil de la Métropole', '/'],
  ['accueil de Givors (Partenaire)', '/c/givors/'],
  ['accueil de Rillieux-la-Pape (Connecté)', '/c/rillieux-la-pape/'],
] as const;

async function measure(browser: Browser, url: string): Promise<{ bytes: number; paintMs: number }> {
  const context = await browser.newContext({ viewport: { width: 375, height: 740 }, locale: 'fr-FR' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 150,
    downloadThroughput: (1.6 * 1024 * 1024) / 8,
    uploadThroughput: (750 * 1024) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  let bytes = 0;
  cdp.on('Network.loadingFinished', (event) => {
    bytes += event.encodedDataLength;
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  const paintMs = await page.evaluate(
    () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
  );
  await context.close();
  return { bytes, paintMs };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

export async function run(): Promise<void> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'communs-bench-home-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    SESSION_SECRET: 'banc-d-essai-banc-d-essai-banc-d-essai',
  });
  const database = await connectDatabase({ memory: true });
  await migrateToLatest(database.db, MODULES);
  const services = await createServices({ config, database, modules: MODULES });
  await seedDemo(services, config);
  const app = await buildApp(services);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  try {
    process.stdout.write(
      `Poids et premier affichage des pages d'accueil — téléphone lent (CPU ÷ 4, 4G lente), cache vide, ` +
        `${ROUNDS} tours, médianes ; budget ${BUDGET_BYTES / 1024} ko\n`,
    );
    const results: Array<{ label: string; bytes: number; paintMs: number }> = [];
    for (const [label, url] of PAGES) {
      const rounds = [];
      for (let round = 0; round < ROUNDS; round++) rounds.push(await measure(browser, `${base}${url}`));
      results.push({ label, bytes: median(rounds.map((r) => r.bytes)), paintMs: median(rounds.map((r) => r.paintMs)) });
    }
    const [baseline] = results;
    if (!baseline) return;
    for (const r of results)
      process.stdout.write(
        `  ${r.label.padEnd(42)} ${(r.bytes / 1024).toFixed(1).padStart(6)} ko (ratio ${(r.bytes / baseline.bytes).toFixed(2)}, ` +
          `${r.bytes <= BUDGET_BYTES ? 'dans' : 'HORS'} budget)   premier affichage ${r.paintMs.toFixed(0).padStart(5)} ms ` +
          `(ratio ${(r.paintMs / baseline.paintMs).toFixed(2)})\n`,
      );
  } finally {
    await browser.close();
    await app.close();
    await services.close();
    await database.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
