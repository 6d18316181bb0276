import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCommune } from '../../../../test/factories.ts';
import { buildSchool, buildSchoolCommune } from '../../../../test/school-factories.ts';
import { createTestContext, type TestContext } from '../../../../test/support/test-context.ts';
import type { ResolvedTenant } from '../../../platform/tenancy/tenant-directory.ts';
import {
  AafCommandError,
  formatAafOutcomes,
  importAafFileForCommune,
  parseAafCommandArgs,
} from './import-aaf-command.ts';

const ROOT = path.resolve(import.meta.dirname, '../../../..');
const FIXTURES = path.join(ROOT, 'test/fixtures/school');
const FULL = path.join(FIXTURES, 'ENT1D_Complet_20260901_Lyon.xml');
const DELTA = path.join(FIXTURES, 'ENT1D_Delta_20261002_Lyon.xml');

let t: TestContext;
let commune: ResolvedTenant;
beforeAll(async () => {
  t = await createTestContext();
  commune = await buildSchoolCommune(t.services);
  await buildSchool(t.services, commune, '0691234S');
  await buildSchool(t.services, commune);
});
afterAll(async () => t?.close());

describe('the AAF import from the command line (issue 21 §2)', () => {
  it("imports a full file into each open school of the commune, then a delta, and prints each school's report", async () => {
    const full = await importAafFileForCommune(t.services, parseAafCommandArgs([commune.slug, 'complet', FULL]));
    expect(full).toHaveLength(2);
    const fed = full.find((o) => o.uai === '0691234S');
    const other = full.find((o) => o.uai !== '0691234S');
    expect(fed?.report).toMatchObject({ kind: 'full' });
    if (!fed || 'error' in fed.report || !other || 'error' in other.report) throw new Error('import failed');
    expect(fed.report.created).toBeGreaterThan(0);
    expect(fed.report.rejected.length).toBeGreaterThan(0);
    // The other school has no line in this file: nothing is created there, every line counts as another school's.
    expect(other.report).toMatchObject({ created: 0, updated: 0, removed: 0 });
    expect(other.report.ignored).toBeGreaterThan(0);

    const printed = formatAafOutcomes(full);
    expect(printed).toContain(`(0691234S) : ${fed.report.created} créés, 0 mis à jour, 0 retirés`);
    expect(printed).toContain(`ligne ${fed.report.rejected[0]?.line}`);
    expect(printed).toContain(
      `rapport complet : ${t.services.config.publicUrl}/c/${commune.slug}/ecole/0691234S/gestion/imports/${fed.report.id}`,
    );
    const stored = await t.services.db
      .selectFrom('school_import')
      .select(['kind', 'file_name', 'created'])
      .where('id', '=', fed.report.id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ kind: 'full', file_name: 'ENT1D_Complet_20260901_Lyon.xml', created: fed.report.created });

    // The same file again changes nothing; the delta, for the named school only, removes what it deletes.
    const again = await importAafFileForCommune(t.services, parseAafCommandArgs([commune.slug, 'complet', FULL]));
    expect(again.find((o) => o.uai === '0691234S')?.report).toMatchObject({ created: 0, updated: 0, removed: 0 });
    const delta = await importAafFileForCommune(
      t.services,
      parseAafCommandArgs([commune.slug, 'delta', DELTA, '--ecole', '0691234s']),
    );
    expect(delta).toHaveLength(1);
    expect(delta[0]?.report).toMatchObject({ kind: 'delta' });
    if (!delta[0] || 'error' in delta[0].report) throw new Error('delta failed');
    expect(delta[0].report.removed + delta[0].report.updated + delta[0].report.created).toBeGreaterThan(0);
  });

  it('says in French what is wrong: arguments, commune, subscription, file, school', async () => {
    expect(() => parseAafCommandArgs([commune.slug, 'complet'])).toThrow(/Indiquez la commune, le type d'export/);
    expect(() => parseAafCommandArgs([commune.slug, 'partiel', FULL])).toThrow("Type d'export inconnu « partiel »");
    expect(() => parseAafCommandArgs([commune.slug, 'delta', FULL, '--ecole'])).toThrow(/UAI après --ecole/);
    const run = (args: string[]) => importAafFileForCommune(t.services, parseAafCommandArgs(args));
    await expect(run(['nulle-part', 'complet', FULL])).rejects.toThrow('Commune inconnue : « nulle-part »');
    const unsubscribed = await buildCommune(t.services, { toodego: 'abonne' });
    await expect(run([unsubscribed.slug, 'complet', FULL])).rejects.toThrow(
      "n'est pas abonnée à l'espace numérique de travail",
    );
    await expect(run([commune.slug, 'complet', '/nulle/part.xml'])).rejects.toThrow(
      'Fichier introuvable ou illisible : /nulle/part.xml',
    );
    await expect(run([commune.slug, 'complet', FULL, '--ecole', '0000000A'])).rejects.toThrow(AafCommandError);
  });

  it('the communs command answers a wrong call with a sentence and no stack trace', async () => {
    const { TEST_DATABASE_URL: _ignored, ...inherited } = process.env;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'src/main.ts'), 'import-aaf', 'givors', 'partiel', FULL],
      { cwd: ROOT, env: { ...inherited, NODE_ENV: 'development' } },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(out).toContain("Type d'export inconnu « partiel » : « complet » ou « delta ».");
    expect(out).not.toMatch(/\n\s+at /);
  }, 60_000);
});
