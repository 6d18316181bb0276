import { randomUUID } from 'node:crypto';
import { SYSTEM_ACTOR } from '../src/platform/audit/audit.repo.ts';
import { Worker } from '../src/platform/jobs/worker.ts';
import { resolveEService } from '../src/modules/catalogue/index.ts';
import { saveConnectorSettings } from '../src/modules/connectors/save-connector.ts';
import { loadFormVersion, rawFromJson } from '../src/modules/forms/index.ts';
import { submitRequest } from '../src/modules/requests/index.ts';
import { startFakeCommuneSystem } from '../test/fakes/commune-system.ts';
import { buildEService, buildGeoCommune, REPORT_FORM, REPORT_SETTINGS } from '../test/requests-factories.ts';
import { percentile, startBenchServices } from './support.ts';

/**
 * Delivery latency of the connector (issue 15): from a report's submission to its arrival in a Connecté commune's
 * system (the fake one of the tests, over HTTP, Open311), with a worker running as in production (woken by NOTIFY),
 * against the same HTTP call made directly to that system (the floor). Goal: median < 5 s (Publik polls every 6–12 h).
 * Usage: npm run bench -- connectors [--requests N]
 */
export async function run(args: string[]): Promise<void> {
  const index = args.indexOf('--requests');
  const count = index >= 0 ? Number(args[index + 1]) : 50;
  const bench = await startBenchServices({ OUTGOING_ALLOWED_ADDRESSES: '127.0.0.1,::1' });
  const { services } = bench;
  const fake = await startFakeCommuneSystem({
    apiKey: 'cle-du-banc-d-essai-0001',
    webhookSecret: 'x',
    now: () => new Date(),
  });
  const worker = new Worker(services, { pollMs: 1_000 });
  try {
    const metropole = await services.tenants.metropole();
    const report = await buildEService(services, metropole, {
      form: REPORT_FORM,
      settings: REPORT_SETTINGS,
      mutualised: true,
      access: 'anonymous',
    });
    const commune = await buildGeoCommune(services, { offer: 'connecte' });
    if (!commune.tenant) throw new Error('no commune');
    await saveConnectorSettings(services, {
      commune: commune.tenant,
      actor: SYSTEM_ACTOR,
      form: { protocol: 'open311', endpointUrl: fake.open311Url, secret: 'cle-du-banc-d-essai-0001', enabled: 'oui' },
    });
    const found = await resolveEService(services, metropole, report.slug);
    if (!found?.eservice.published_form_version_id) throw new Error('no service');
    const form = await loadFormVersion(services.db, found.eservice.published_form_version_id);
    await worker.start();

    const delivery: number[] = [];
    for (let i = 0; i < count; i++) {
      const started = Date.now();
      const outcome = await submitRequest(services, {
        eservice: found.eservice,
        provider: found.provider,
        form,
        answers: {
          known: {},
          raw: rawFromJson(form.definition, { categorie: 'eclairage', description: `Panne ${i}`, lieu: commune.point }),
        },
        citizen: null,
        contact: { email: 'usager@example.org', sms: '' },
        idempotency: { key: randomUUID(), fingerprint: String(i) },
      });
      if (!outcome.ok) throw new Error('submission refused');
      const number = outcome.result.request.number;
      let arrived: number | undefined;
      while (!(arrived = fake.reports.find((r) => r.fields['attribute[communs_id]'] === number)?.receivedAt))
        await new Promise((resolve) => setTimeout(resolve, 2));
      delivery.push(arrived - started);
    }

    const direct: number[] = [];
    for (let i = 0; i < count; i++) {
      const started = Date.now();
      const body = new URLSearchParams({
        api_key: 'cle-du-banc-d-essai-0001',
        service_code: 'x',
        lat: '45',
        long: '4',
        'attribute[communs_event_id]': randomUUID(),
      });
      await (await fetch(`${fake.open311Url}requests.json`, { method: 'POST', body })).text();
      direct.push(Date.now() - started);
    }
    const line = (label: string, samples: number[]) =>
      `${label.padEnd(46)} médiane ${percentile(samples, 50)} ms   p95 ${percentile(samples, 95)} ms\n`;
    process.stdout.write(`${count} signalements transmis à une commune Connectée (Open311, serveur local)\n`);
    process.stdout.write(line('dépôt → système de la commune', delivery));
    process.stdout.write(line('appel direct au système (plancher)', direct));
    process.stdout.write(`Objectif : médiane < 5 000 ms.\n`);
  } finally {
    await worker.stop();
    await fake.close();
    await bench.close();
  }
}
