import {
  type Attempt,
  type IsolationCase,
  type IsolationWorld,
  membersOnlyPage,
  operatorConsolePage,
} from '../../../test/cross-tenant/isolation.ts';
import { buildSchool, buildSchoolMember, subscribeIsolationWorld } from '../../../test/school-factories.ts';
import { addTile } from './manage-portal.ts';
import type { School } from './school.tables.ts';

type Scene = { school: School; tileId: string; importId: string; otherSchool: School };
const scenes = new WeakMap<IsolationWorld, Promise<Scene>>();

/** Commune A subscribed to the school workspace, with a school, a member, a tile and an import report. */
export function sceneOf(world: IsolationWorld): Promise<Scene> {
  let scene = scenes.get(world);
  if (!scene) {
    scene = (async () => {
      const { t, communeA } = world;
      const a = await subscribeIsolationWorld(world);
      const school = await buildSchool(t.services, a);
      const otherSchool = await buildSchool(t.services, a);
      await buildSchoolMember(t.services, school, 'pupil');
      const actor = { userId: null, label: 'test', ip: null };
      await addTile(t.services, {
        school,
        tile: { service: 'link', title: 'Tuile', url: 'https://example.org/', profiles: [], groupIds: [] },
        actor,
      });
      const tile = await t.services.db
        .selectFrom('school_tile')
        .select('id')
        .where('school_id', '=', school.id)
        .executeTakeFirstOrThrow();
      const report = await t.services.db
        .insertInto('school_import')
        .values({
          tenant_id: communeA.id,
          school_id: school.id,
          kind: 'full',
          file_name: 'a.xml',
          sha256: '0',
          created: 0,
          updated: 0,
          removed: 0,
          unchanged: 0,
          ignored: 0,
          rejected: '[]',
          imported_at: t.clock.now(),
          actor_label: 'test',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { school, tileId: tile.id, importId: report.id, otherSchool };
    })();
    scenes.set(world, scene);
  }
  return scene;
}

/** A school page of commune A, tried from B's instance, by A's commune administrator (no school profile) and others. */
export function schoolPage(
  method: 'GET' | 'POST',
  pattern: string,
  path: (s: Scene) => string,
  form?: Record<string, string>,
): IsolationCase {
  return membersOnlyPage(sceneOf, { method, pattern, path, ...(form ? { form } : {}) });
}

const gestion = (s: Scene) => `/ecole/${s.school.uai}/gestion`;

/** The school workspace: schools' portals and administration, EduConnect, the metropolis's console, statistics. */
export const schoolCases: IsolationCase[] = [
  { route: 'GET /ecole', public: "a commune's list of schools (public names and UAIs) and the ways to sign in" },
  { route: 'GET /ecole/educonnect/metadonnees', public: "the platform's SAML metadata, meant for EduConnect" },
  { route: 'GET /ecole/educonnect/connexion', public: 'the start of an EduConnect login: a redirection to EduConnect' },
  {
    route: 'POST /ecole/educonnect/acs',
    public: "EduConnect's signed response is the only key; a person is found in every commune by it",
  },
  {
    route: 'GET /ecole/:uai',
    attempts: async (world) => {
      const scene = await sceneOf(world);
      const a = `/c/${world.communeA.slug}/ecole/${scene.school.uai}`;
      return [
        { as: 'agentOfB', method: 'GET', url: `/c/${world.communeB.slug}/ecole/${scene.school.uai}`, expect: 404 },
        { as: 'adminOfB', method: 'GET', url: a, expect: 404 },
        { as: 'adminOfA', method: 'GET', url: a, expect: 404 },
        { as: 'citizen', method: 'GET', url: a, expect: 404 },
        { as: 'anonymous', method: 'GET', url: a, expect: 303 },
      ];
    },
  },
  schoolPage('GET', '/ecole/:uai/services/:id', (s) => `/ecole/${s.school.uai}/services/${s.tileId}`),
  schoolPage('GET', '/ecole/:uai/gestion', gestion),
  schoolPage('GET', '/ecole/:uai/gestion/imports/:id', (s) => `${gestion(s)}/imports/${s.importId}`),
  schoolPage('POST', '/ecole/:uai/gestion/import', (s) => `${gestion(s)}/import`, { type: 'full' }),
  schoolPage('POST', '/ecole/:uai/gestion/personnes', (s) => `${gestion(s)}/personnes`, {
    nom: 'X',
    prenom: 'Y',
    profil: 'pupil',
  }),
  schoolPage('POST', '/ecole/:uai/gestion/groupes', (s) => `${gestion(s)}/groupes`, { nom_groupe: 'X', type: 'class' }),
  schoolPage('POST', '/ecole/:uai/gestion/membres', (s) => `${gestion(s)}/membres`),
  schoolPage('POST', '/ecole/:uai/gestion/liens', (s) => `${gestion(s)}/liens`),
  schoolPage('POST', '/ecole/:uai/gestion/tuiles', (s) => `${gestion(s)}/tuiles`),
  schoolPage('POST', '/ecole/:uai/gestion/tuiles/:id/retrait', (s) => `${gestion(s)}/tuiles/${s.tileId}/retrait`),
  schoolPage('POST', '/ecole/:uai/gestion/actualites', (s) => `${gestion(s)}/actualites`, {
    titre_actualite: 'X',
    texte: 'Y',
  }),
  operatorConsolePage('/admin/ecoles'),
  {
    route: 'POST /admin/ecoles',
    attempts: async (world) => [
      {
        as: 'adminOfA',
        method: 'POST',
        url: `/c/${world.communeA.slug}/admin/ecoles`,
        form: { commune: world.communeA.slug, uai: '0691234S', nom: 'X', type: 'primaire' },
        expect: 404,
      },
      {
        as: 'agentOfB',
        method: 'POST',
        url: '/admin/ecoles',
        form: { commune: world.communeA.slug, uai: '0691234S', nom: 'X', type: 'primaire' },
        expect: 404,
      },
    ],
  },
  ...['', '/administrateurs', '/fermeture', '/fusion'].map((suffix): IsolationCase => ({
    route: `${suffix ? 'POST' : 'GET'} /admin/ecoles/:uai${suffix}`,
    attempts: async (world) => {
      const scene = await sceneOf(world);
      const method: Attempt['method'] = suffix ? 'POST' : 'GET';
      const form: Record<string, string> | undefined =
        suffix === '/fusion'
          ? { vers: scene.otherSchool.id }
          : suffix === '/administrateurs'
            ? { prenom: 'X', nom: 'Y', courriel: 'x@example.org' }
            : undefined;
      const attempts: Attempt[] = [
        {
          as: 'adminOfA',
          method,
          url: `/c/${world.communeA.slug}/admin/ecoles/${scene.school.uai}${suffix}`,
          expect: 404,
          ...(form ? { form } : {}),
        },
        {
          as: 'adminOfA',
          method,
          url: `/admin/ecoles/${scene.school.uai}${suffix}`,
          expect: 404,
          ...(form ? { form } : {}),
        },
        {
          as: 'citizen',
          method,
          url: `/admin/ecoles/${scene.school.uai}${suffix}`,
          expect: 404,
          ...(form ? { form } : {}),
        },
      ];
      return attempts;
    },
  })),
  {
    route: 'GET /admin/ecoles/statistiques',
    attempts: async (world) => {
      await sceneOf(world);
      const a = `/c/${world.communeA.slug}/admin/ecoles/statistiques`;
      return [
        { as: 'adminOfB', method: 'GET', url: a, expect: 404 },
        { as: 'agentOfA', method: 'GET', url: a, expect: 404 },
        { as: 'citizen', method: 'GET', url: a, expect: 404 },
        { as: 'adminOfA', method: 'GET', url: '/admin/ecoles/statistiques', expect: 404 },
        { as: 'adminOfA', method: 'GET', url: a, expect: 200 },
      ];
    },
  },
];
