import path from 'node:path';
import { MODULES } from '../../modules.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEService } from '../../../test/requests-factories.ts';
import { buildCommune } from '../../../test/factories.ts';
import { onPostgres } from '../../../test/support/test-database.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import { restoreBackup, writeBackup } from '../../platform/backup/backup-archive.ts';
import { connectDatabase } from '../../platform/db/connect.ts';
import { migrateToLatest } from '../../platform/db/migrate.ts';
import { createServices } from '../../platform/services.ts';
import { loadFormVersion } from '../forms/index.ts';
import { submitValidRequest } from './submit-request.ts';

// The requests' tables go through backup and restore like the platform's (the shared PostgreSQL database of a
// test run holds other files' data and files, so this runs on the embedded database only).
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t.close());

describe.skipIf(onPostgres())('backup and restore of the counter (P5)', () => {
  it('archives and restores services, versions and requests with their timeline', async () => {
    const commune = await buildCommune(t.services, { toodego: 'partenaire' });
    const service = await buildEService(t.services, commune, {
      form: { title: 'Demande', fields: [{ type: 'text', key: 'objet', label: 'Objet' }] },
      settings: {
        office: { name: 'Accueil', email: 'accueil@example.org', phone: '04 00 00 00 00' },
        legal: { kind: 'signalement' },
      },
    });
    const form = await loadFormVersion(t.services.db, service.formVersionId);
    const submitted = await submitValidRequest(t.services, {
      eservice: service.eservice,
      provider: commune,
      form,
      answers: { objet: 'Sauvegarde' },
      citizen: null,
      contact: { email: 'sauvegarde@example.org', sms: null },
      idempotency: { key: 'sauvegarde', fingerprint: 's' },
    });
    const archive = path.join(t.dataDir, 'sauvegarde.tar.gz');
    await writeBackup(t.services, archive);

    const target = await connectDatabase({ memory: true });
    try {
      await migrateToLatest(target.db, MODULES);
      const restoredServices = await createServices({
        config: t.services.config,
        database: target,
        modules: MODULES,
      });
      await restoreBackup(restoredServices, archive);
      const request = await target.db
        .selectFrom('request')
        .selectAll()
        .where('id', '=', submitted.request.id)
        .executeTakeFirstOrThrow();
      expect(request.number).toBe(submitted.request.number);
      const steps = await target.db
        .selectFrom('request_status_change')
        .select('to_status')
        .where('request_id', '=', request.id)
        .execute();
      expect(steps.map((s) => s.to_status)).toEqual(['recue']);
      const eservice = await target.db
        .selectFrom('eservice')
        .select('published_form_version_id')
        .where('id', '=', service.eservice.id)
        .executeTakeFirstOrThrow();
      expect(eservice.published_form_version_id).toBe(service.formVersionId);
    } finally {
      await target.close();
    }
  });
});
