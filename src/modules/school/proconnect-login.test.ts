import { createReadStream } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserAgent } from '../../../test/identity/browser-agent.ts';
import type { FakePartner } from '../../../test/identity/fake-partner.ts';
import { startWithPartners } from '../../../test/identity/identity-server.ts';
import { buildSchool, buildSchoolCommune } from '../../../test/school-factories.ts';
import type { TestContext } from '../../../test/support/test-context.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { importAaf } from './aaf/import-aaf.ts';
import { listGroups } from './directory.repo.ts';
import { addTile } from './manage-portal.ts';
import type { Profile } from './school.tables.ts';

// A teacher of the AAF feed signs in as agents do, through ProConnect (the fake provider is a real OpenID provider on
// loopback), and meets the profile the feed gave them: no account, no invitation, only the academic e-mail address.
const FIXTURE = path.join(import.meta.dirname, '../../../test/fixtures/school/ENT1D_Complet_20260901_Lyon.xml');
const UAI = '0691234S';
const ACTOR = { userId: null, label: 'test', ip: null };

let started: Awaited<ReturnType<typeof startWithPartners>> | undefined;
let t: TestContext;
let baseUrl: string;
let proConnect: FakePartner;

beforeAll(async () => {
  started = await startWithPartners();
  ({ t, baseUrl, proConnect } = started);
});
afterAll(async () => {
  for (const closing of [started?.franceConnect, started?.proConnect, started?.t]) await closing?.close();
});

describe('agents sign in to their school through ProConnect (issue 21 §3, E2)', () => {
  it('links a teacher of the AAF feed by their academic e-mail and opens their portal with their profile', async () => {
    const commune = await buildSchoolCommune(t.services);
    const school = await buildSchool(t.services, commune, UAI);
    const report = await importAaf(t.services, {
      school,
      kind: 'full',
      fileName: path.basename(FIXTURE),
      source: createReadStream(FIXTURE),
      actor: ACTOR,
    });
    expect(report).not.toHaveProperty('error');
    const groups = await withTenant(t.services.db, commune.id, (trx) => listGroups(trx, school.id));
    const groupId = (code: string) => groups.find((g) => g.code === code)?.id ?? '';
    const tile = async (title: string, profiles: Profile[], groupIds: string[] = []) =>
      expect(
        await addTile(t.services, {
          school,
          tile: { service: 'link', title, url: `https://example.org/${title.length}`, profiles, groupIds },
          actor: ACTOR,
        }),
      ).toBe(true);
    await tile('Pour tous', []);
    await tile('Enseignants seulement', ['teacher']);
    await tile('Parents seulement', ['parent']);
    await tile('Classe de CM1-A', [], [groupId('CM1-A')]);
    await tile('Classe de CM2-B', [], [groupId('CM2-B')]);

    // Marc Petit teaches CM1-A; the feed holds his academic address and no platform account exists for him yet.
    proConnect.person = {
      sub: `pc-enseignant-${Date.now()}`,
      claims: {
        given_name: 'Marc',
        usual_name: 'PETIT',
        email: 'marc.petit@ac-lyon.fr',
        uid: '42',
        siret: '19690000000014',
        idp_id: 'idp-education-nationale',
      },
    };
    const browser = new BrowserAgent();
    const portalPath = `/c/${commune.slug}/ecole/${UAI}`;
    const landed = await browser.follow(`${baseUrl}/c/${commune.slug}/proconnect/connexion?retour=/ecole/${UAI}`);
    expect(proConnect.refusals).toEqual([]);
    expect(browser.history.some((hop) => hop.url.startsWith(proConnect.issuer))).toBe(true);
    expect(landed.url).toBe(`${baseUrl}${portalPath}`);
    expect(landed.status).toBe(200);
    expect(landed.body).toContain('Vous êtes connecté en tant que <strong>Enseignant</strong>');
    const titles = [...landed.body.matchAll(/class="tile__title">([^<]+)</g)].map((m) => m[1]);
    expect(titles).toEqual(['Pour tous', 'Enseignants seulement', 'Classe de CM1-A']);

    // The link holds: the directory's person is now his account, found again at the next login without the e-mail.
    const person = await t.services.db
      .selectFrom('school_person as s')
      .innerJoin('user_account as a', 'a.id', 's.account_id')
      .select(['a.email'])
      .where('s.aaf_jointure', '=', '1000002')
      .executeTakeFirst();
    expect(person?.email).toBe('marc.petit@ac-lyon.fr');
    proConnect.person = {
      ...proConnect.person,
      claims: { ...proConnect.person.claims, email: 'm.petit@ac-lyon.fr' },
    };
    const again = await new BrowserAgent().follow(
      `${baseUrl}/c/${commune.slug}/proconnect/connexion?retour=/ecole/${UAI}`,
    );
    expect(again.url).toBe(`${baseUrl}${portalPath}`);
    expect(again.body).toContain('Vous êtes connecté en tant que <strong>Enseignant</strong>');
  });
});
