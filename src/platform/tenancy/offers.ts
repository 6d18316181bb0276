import type { SharedService, SubscriptionOffer, TenantKind, ToodegoOffer } from '../db/schema.ts';

/**
 * What a tenant may do, from the seed's offer table (annexe Toodego §4, « Détail des trois offres Toodego ») and the
 * other annexes' subscriptions. This is the ONE place that answers "may tenant X use capability Y"
 * (DESIGN invariant 5): features ask `mayUse()`, they never compare offers themselves.
 */
export const CAPABILITIES = {
  // Guichet numérique métropolitain pour les usagers — every offer
  'citizen.eservices': 'Accès des usagers aux démarches (mutualisées, communales, métropolitaines)',
  'citizen.dashboard': 'Suivi de ses démarches dans un tableau de bord',
  'citizen.notifications': "Notification de l'usager de l'avancement de ses démarches",
  // Outil de gestion de la relation usagers (GRU)
  'gru.process': 'Suivi et traitement des demandes usagers dans la GRU',
  'gru.agents-managed-by-metropole': 'Gestion des accès agents par la Métropole',
  'gru.agent-support': 'Support et assistance aux agents traitants',
  // Administration de l'instance communale
  'instance.build-eservices': 'Développement et publication par la commune de ses propres téléservices',
  'instance.manage-agents': 'Gestion des accès agents par la commune',
  'instance.governance': 'Participation à la gouvernance',
  'instance.admin-support': 'Support et assistance de la Métropole aux agents administrateurs',
  'instance.test-environment': 'Une instance de test en plus de la production (annexe Toodego §6.1.b)',
  'instance.theme': 'Charte graphique de la commune sur son instance (T15)',
  'instance.turnkey-eservices': 'Démarches clé-en-main choisies dans le catalogue de la Métropole (offre Abonné)',
  // Connecteur
  'connector.exchange': 'Transmission automatique des demandes entre Toodego et la GRU de la commune',
  // Propagation d'identité
  'identity.propagation': "Interface entre GrandLyon Connect et la gestion de comptes d'un portail communal",
  // The other shared services (convention art. 2)
  'laclasse.workspace': 'Espace numérique de travail laclasse.com',
  'opendata.portal': 'Portail open data aux couleurs de la commune',
  'geonet.access': 'Extranet SIG Geonet',
} as const;

export type Capability = keyof typeof CAPABILITIES;

type OfferRow = Readonly<Record<Exclude<ToodegoOffer, 'none'>, boolean>>;

/** The seed's table, column by column (CONNECTE, ABONNE, PARTENAIRE), plus the test instance of §6.1.b and the commune's charter. */
const TOODEGO_OFFER_TABLE: Readonly<Partial<Record<Capability, OfferRow>>> = {
  'citizen.eservices': { connecte: true, abonne: true, partenaire: true },
  'citizen.dashboard': { connecte: true, abonne: true, partenaire: true },
  'citizen.notifications': { connecte: true, abonne: true, partenaire: true },
  'gru.process': { connecte: false, abonne: true, partenaire: true },
  'gru.agents-managed-by-metropole': { connecte: false, abonne: true, partenaire: false },
  'gru.agent-support': { connecte: false, abonne: true, partenaire: false },
  'instance.build-eservices': { connecte: false, abonne: false, partenaire: true },
  'instance.manage-agents': { connecte: false, abonne: false, partenaire: true },
  'instance.governance': { connecte: false, abonne: false, partenaire: true },
  'instance.admin-support': { connecte: false, abonne: false, partenaire: true },
  'instance.test-environment': { connecte: false, abonne: false, partenaire: true },
  'instance.theme': { connecte: false, abonne: false, partenaire: true },
  // Annexe Toodego §3: « mise à disposition de démarches numériques […] sélectionnées dans un catalogue […]
  // clé-en-main (le formulaire et le workflow […] sont alors standardisés) » — the Abonné offer itself.
  'instance.turnkey-eservices': { connecte: false, abonne: true, partenaire: false },
  'connector.exchange': { connecte: true, abonne: false, partenaire: false },
  'identity.propagation': { connecte: true, abonne: true, partenaire: true },
};

const SERVICE_CAPABILITIES: Readonly<Partial<Record<Capability, Exclude<SharedService, 'toodego'>>>> = {
  'laclasse.workspace': 'laclasse',
  'opendata.portal': 'opendata',
  'geonet.access': 'geonet',
};

/** Capabilities the metropolis itself does not have: they describe a commune's relation to the metropolis. */
const COMMUNE_ONLY: ReadonlySet<Capability> = new Set([
  'gru.agents-managed-by-metropole',
  'gru.agent-support',
  'instance.admin-support',
  'instance.test-environment',
  'instance.turnkey-eservices',
  'connector.exchange',
]);

/** What `mayUse` needs to know about a tenant (a test instance is judged by its production commune's subscriptions). */
export type TenantOffers = {
  kind: TenantKind;
  subscriptions: Partial<Record<SharedService, SubscriptionOffer>>;
};

export function mayUse(tenant: TenantOffers, capability: Capability): boolean {
  if (tenant.kind === 'metropole') return !COMMUNE_ONLY.has(capability);
  const service = SERVICE_CAPABILITIES[capability];
  if (service) return tenant.subscriptions[service] === 'subscribed';
  const row = TOODEGO_OFFER_TABLE[capability];
  const offer = tenant.subscriptions.toodego ?? 'none';
  if (!row || offer === 'none' || offer === 'subscribed') return false;
  return row[offer];
}

/**
 * Who gives an instance's agents their access, from the two rows « Gestion des accès agents par la Métropole » and
 * « … par la commune » of the offer table: the commune's administrators, the metropolis's operators, or nobody when
 * the offer has no back-office at all (« Suivi et traitement des demandes usagers dans la GRU »: not Connecté).
 */
export function agentAccessManager(tenant: TenantOffers): 'commune' | 'metropole' | null {
  if (!mayUse(tenant, 'gru.process')) return null;
  if (mayUse(tenant, 'instance.manage-agents')) return 'commune';
  if (mayUse(tenant, 'gru.agents-managed-by-metropole')) return 'metropole';
  return null;
}

/** Every capability a tenant has, in catalogue order (shown to commune administrators). */
export function capabilitiesOf(tenant: TenantOffers): Capability[] {
  return (Object.keys(CAPABILITIES) as Capability[]).filter((c) => mayUse(tenant, c));
}

export const TOODEGO_OFFER_LABELS: Record<ToodegoOffer, string> = {
  partenaire: 'Partenaire',
  abonne: 'Abonné',
  connecte: 'Connecté',
  none: 'Non adhérente',
};

export const SERVICE_LABELS: Record<SharedService, string> = {
  toodego: 'Toodego (guichet numérique)',
  laclasse: 'laclasse.com (espace numérique de travail)',
  opendata: 'data.grandlyon.com (open data)',
  geonet: 'Geonet (SIG)',
};
