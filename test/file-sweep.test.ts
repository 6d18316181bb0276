import { access } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './support/test-context.ts';
import { addResource, createDataset, datasetFormWith } from '../src/modules/opendata/index.ts';
import { SYSTEM_ACTOR } from '../src/platform/audit/audit.repo.ts';
import { deleteStoredFiles, insertStoredFile } from '../src/platform/files/stored-files.repo.ts';
import { sweepUnusedFiles } from '../src/platform/files/sweep-unused-files.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

const onDisk = (sha256: string) =>
  access(t.services.files.pathOf(sha256)).then(
    () => true,
    () => false,
  );

describe('the daily sweep of stored files (issue 17 §3: purged files leave the disk)', () => {
  it('removes the bytes no row or module holds any more, a day after they were written, and nothing else', async () => {
    const metropole = await t.services.tenants.metropole();
    const store = async (text: string) => t.services.files.put(Buffer.from(text));
    // A request's attachment still kept, and one whose row its retention has deleted.
    const kept = await store('pièce justificative gardée');
    const purged = await store('pièce justificative purgée');
    for (const [file, name] of [
      [kept, 'garde.txt'],
      [purged, 'purge.txt'],
    ] as const) {
      const row = await insertStoredFile(t.services.db, {
        tenantId: metropole.id,
        sha256: file.sha256,
        byteSize: file.byteSize,
        mediaType: 'text/plain',
        originalName: name,
        createdBy: null,
        at: t.clock.now(),
      });
      if (name === 'purge.txt') await deleteStoredFiles(t.services.db, [row.id]);
    }
    // An open-data resource's file, which the open-data module holds by its hash alone (no stored-file row).
    const dataset = await createDataset(t.services, {
      producer: { id: metropole.id, name: metropole.name },
      actor: SYSTEM_ACTOR,
      form: datasetFormWith({
        title: 'Bancs publics',
        description: 'Les bancs des parcs.',
        theme: 'Environnement',
        contactEmail: 'donnees@example.org',
        temporalStart: '2026-01-01',
        temporalEnd: '2026-12-31',
        spatial: metropole.name,
        frequency: 'annual',
      }),
    });
    const csv = Buffer.from('banc;parc\n1;Tête d’Or\n');
    const added = await addResource(t.services, {
      dataset,
      actor: SYSTEM_ACTOR,
      source: { kind: 'upload', filename: 'bancs.csv', bytes: csv },
    });
    expect(added.ok).toBe(true);
    const resource = await t.services.files.put(csv);

    // An hour later: too young to go, whatever holds it (an upload may still be committing its row).
    t.clock.set(new Date(Date.now() + 60 * 60_000));
    expect(await sweepUnusedFiles(t.services)).toEqual({ removed: 0 });
    expect(await onDisk(purged.sha256)).toBe(true);

    t.clock.set(new Date(Date.now() + 2 * 24 * 60 * 60_000));
    expect(await sweepUnusedFiles(t.services)).toEqual({ removed: 1 });
    expect(await onDisk(purged.sha256)).toBe(false);
    expect(await onDisk(kept.sha256)).toBe(true);
    expect(await onDisk(resource.sha256)).toBe(true);
  });
});
