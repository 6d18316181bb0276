import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { agentAccessManager, type Capability, capabilitiesOf, mayUse, type TenantOffers } from './offers.ts';

// DESIGN invariant 5: the seed's own table (annexe Toodego §4), copied verbatim into a fixture,
// is read row by row and every ✓ / ✗ must be what mayUse() answers.
const table = readFileSync(new URL('../../../test/fixtures/annexe-toodego-4-offres.txt', import.meta.url), 'utf8');

const ROW_TO_CAPABILITY: Array<[RegExp, Capability[]]> = [
  [/^➤ Accès aux démarches/, ['citizen.eservices']],
  [/^➤ Suivi de ses démarches/, ['citizen.dashboard']],
  [/^➤ Notification usager/, ['citizen.notifications']],
  [/^➤ Suivi et traitement des demandes usagers/, ['gru.process']],
  [/^➤ Gestion des accès agents par la Métropole/, ['gru.agents-managed-by-metropole']],
  [/^➤ Support et assistance aux agents traitants/, ['gru.agent-support']],
  [/^➤ Développement et publication/, ['instance.build-eservices']],
  [/^➤ Gestion des accès agents par la commune/, ['instance.manage-agents']],
  [/^➤ Participation à la gouvernance/, ['instance.governance']],
  [/^➤ Support et assistance de la Métropole aux agents administrateurs/, ['instance.admin-support']],
  [/^➤ Transmission automatique des demandes/, ['connector.exchange']],
  [/^➤ Interface entre GrandLyon Connect/, ['identity.propagation']],
];

const commune = (toodego: TenantOffers['subscriptions']['toodego']): TenantOffers => ({
  kind: 'commune',
  subscriptions: { toodego, laclasse: 'none', opendata: 'none', geonet: 'none' },
});

const rows = table
  .split('\n')
  .filter((line) => line.startsWith('➤'))
  .map((line) => {
    const cells = line.split('\t');
    const marks = cells.slice(-3).map((c) => c.trim());
    return { label: cells[0] ?? '', connecte: marks[0], abonne: marks[1], partenaire: marks[2] };
  });

describe('offer table of annexe Toodego §4 (T11)', () => {
  it('has the twelve rows of the seed', () => {
    expect(rows).toHaveLength(12);
  });

  for (const row of rows) {
    const match = ROW_TO_CAPABILITY.find(([pattern]) => pattern.test(row.label));
    it(`row « ${row.label.slice(2, 70)} »`, () => {
      expect(match, `no capability mapped for ${row.label}`).toBeDefined();
      for (const capability of match?.[1] ?? []) {
        for (const offer of ['connecte', 'abonne', 'partenaire'] as const) {
          expect(['✓', '✗']).toContain(row[offer]);
          expect(mayUse(commune(offer), capability), `${capability} for ${offer}`).toBe(row[offer] === '✓');
        }
      }
    });
  }

  // Who manages agents follows three rows of the same table: the GRU at all, then « par la Métropole » / « par la
  // commune ». Each offer's answer is derived from the seed's marks, not written here.
  it('decides who manages agents from the rows « Gestion des accès agents » and « Suivi et traitement »', () => {
    const mark = (pattern: RegExp, offer: 'connecte' | 'abonne' | 'partenaire') =>
      rows.find((r) => pattern.test(r.label))?.[offer] === '✓';
    for (const offer of ['connecte', 'abonne', 'partenaire'] as const) {
      const expected = !mark(/^➤ Suivi et traitement des demandes usagers/, offer)
        ? null
        : mark(/^➤ Gestion des accès agents par la commune/, offer)
          ? 'commune'
          : mark(/^➤ Gestion des accès agents par la Métropole/, offer)
            ? 'metropole'
            : null;
      expect(agentAccessManager(commune(offer)), offer).toBe(expected);
    }
    expect(agentAccessManager(commune('none'))).toBeNull();
  });

  // The Abonné offer (annexe Toodego §3) is the one that processes requests in the GRU without building its own
  // e-services: it picks them from the metropolis's turnkey catalogue. Derived from those two rows' marks.
  it('offers the turnkey catalogue to the offer that processes requests but does not build e-services', () => {
    const mark = (pattern: RegExp, offer: 'connecte' | 'abonne' | 'partenaire') =>
      rows.find((r) => pattern.test(r.label))?.[offer] === '✓';
    for (const offer of ['connecte', 'abonne', 'partenaire'] as const) {
      const expected =
        mark(/^➤ Suivi et traitement des demandes usagers/, offer) && !mark(/^➤ Développement et publication/, offer);
      expect(mayUse(commune(offer), 'instance.turnkey-eservices'), offer).toBe(expected);
    }
    expect(mayUse(commune('abonne'), 'instance.turnkey-eservices')).toBe(true);
    expect(mayUse({ kind: 'metropole', subscriptions: {} }, 'instance.turnkey-eservices')).toBe(false);
  });

  it('gives a commune without Toodego offer nothing of Toodego', () => {
    expect(capabilitiesOf(commune('none'))).toEqual([]);
  });

  it('gives a test instance and a graphic charter to Partenaire communes only (§6.1.b, T15)', () => {
    expect(mayUse(commune('partenaire'), 'instance.test-environment')).toBe(true);
    expect(mayUse(commune('abonne'), 'instance.test-environment')).toBe(false);
    expect(mayUse(commune('connecte'), 'instance.theme')).toBe(false);
  });

  it('gates the other shared services by their own subscription', () => {
    const withGis: TenantOffers = { kind: 'commune', subscriptions: { toodego: 'none', geonet: 'subscribed' } };
    expect(mayUse(withGis, 'geonet.access')).toBe(true);
    expect(mayUse(withGis, 'laclasse.workspace')).toBe(false);
  });

  it('lets the metropolis use the counter but not what only describes a commune', () => {
    const metropole: TenantOffers = { kind: 'metropole', subscriptions: {} };
    expect(mayUse(metropole, 'gru.process')).toBe(true);
    expect(mayUse(metropole, 'instance.build-eservices')).toBe(true);
    expect(mayUse(metropole, 'connector.exchange')).toBe(false);
    expect(mayUse(metropole, 'gru.agents-managed-by-metropole')).toBe(false);
  });
});
