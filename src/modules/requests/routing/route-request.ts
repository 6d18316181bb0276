import type { Executor } from '../../../platform/db/tenant-scope.ts';
import { mayUse } from '../../../platform/tenancy/offers.ts';
import type { ResolvedTenant, TenantDirectory } from '../../../platform/tenancy/tenant-directory.ts';
import type { EServiceSettings, Office } from '../../catalogue/index.ts';
import { type Answers, isAddressAnswer, isPointAnswer } from '../../forms/index.ts';
import { communeAt } from './commune-boundaries.ts';
import { findCommuneContact } from './geography.repo.ts';

export type Membership = 'partenaire' | 'abonne' | 'connecte' | 'none' | 'outside';

/**
 * Which administration handles a request, and why: kept on the request ("each request shows which rule decided
 * its routing"), shown to the citizen, read by the back-office.
 */
export type RoutingDecision = {
  ruleId: string;
  ruleLabel: string;
  /** One French sentence for the citizen. */
  explanation: string;
  /** The tenant holding the request (its data controller). */
  holderTenantId: string;
  /** The administration competent for it: the holder, or the commune it was relayed to. */
  competent: { name: string; kind: 'metropole' | 'commune'; tenantSlug: string | null; office: Office };
  /** 'platform': processed here; 'email-relay': sent by e-mail to a commune that does not process it here. */
  channel: 'platform' | 'email-relay';
  relayTo: string | null;
  commune: { inseeCode: string; name: string; locatedBy: 'point' | 'address'; membership: Membership } | null;
};

export type RoutingContext = {
  db: Executor;
  tenants: TenantDirectory;
  owner: ResolvedTenant;
  settings: EServiceSettings;
  answers: Answers;
};

const MEMBERSHIP_TEXT: Record<Membership, string> = {
  partenaire: 'qui traite ses demandes sur la plateforme',
  abonne: 'qui traite ses demandes sur la plateforme',
  connecte: 'qui traite ses demandes dans son propre outil',
  none: "qui n'utilise pas le guichet Toodego",
  outside: "qui n'est pas membre de la Métropole de Lyon",
};

function membershipOf(tenant: ResolvedTenant | undefined): Membership {
  if (!tenant) return 'outside';
  const offer = tenant.offers.subscriptions.toodego;
  return offer === 'partenaire' || offer === 'abonne' || offer === 'connecte' ? offer : 'none';
}

/** A commune's handling office: its reference contact, its configured address, and the service's phone as a last resort. */
export async function communeOffice(
  context: RoutingContext,
  inseeCode: string,
  name: string,
  tenant: ResolvedTenant | undefined,
): Promise<Office & { relayTo: string | null }> {
  const contact = await findCommuneContact(context.db, inseeCode);
  const email = tenant?.contact_email ?? contact?.email ?? undefined;
  return {
    name: contact?.officeName ?? `Mairie de ${name}`,
    ...(email ? { email } : {}),
    ...(contact?.postalAddress ? { postalAddress: contact.postalAddress } : {}),
    phone: contact?.phone ?? context.settings.office.phone,
    relayTo: email ?? null,
  };
}

/**
 * Routes a request. By default the provider is competent. A mutualised service finds the commune of the
 * location (point in a commune boundary, or the INSEE code matched from an address), then the first rule whose
 * categories include the answer: the metropolis handles its competences; a commune's competence goes to the commune,
 * processed here when its offer includes the GRU, otherwise relayed to it by e-mail whatever its membership (L114-2).
 */
export async function routeRequest(context: RoutingContext): Promise<RoutingDecision> {
  const { owner, settings, answers } = context;
  const policy = settings.routing;
  const ownerDecision = (
    ruleId: string,
    ruleLabel: string,
    explanation: string,
    office: Office = settings.office,
    commune: RoutingDecision['commune'] = null,
  ): RoutingDecision => ({
    ruleId,
    ruleLabel,
    explanation,
    holderTenantId: owner.id,
    competent: { name: owner.name, kind: owner.kind, tenantSlug: owner.slug, office },
    channel: 'platform',
    relayTo: null,
    commune,
  });
  if (policy.mode === 'owner') {
    return ownerDecision(
      'fournisseur',
      'Le fournisseur du service',
      `${owner.name} propose ce service et traite les demandes qui y sont faites.`,
    );
  }

  const location = answers[policy.locationField];
  let located: { inseeCode: string; name: string; locatedBy: 'point' | 'address' } | undefined;
  if (isPointAnswer(location)) {
    const found = await communeAt(context.db, location);
    if (found) located = { ...found, locatedBy: 'point' };
  } else if (isAddressAnswer(location) && location.inseeCode) {
    located = { inseeCode: location.inseeCode, name: location.city, locatedBy: 'address' };
  }
  if (!located) {
    return ownerDecision(
      'lieu-inconnu',
      'Lieu non rattaché à une commune',
      `Le lieu indiqué n'a pu être rattaché à aucune commune connue : ${owner.name} traite la demande et la réorientera si besoin.`,
    );
  }

  const communes = (await context.tenants.all()).filter((t) => t.kind === 'commune' && !t.isTestInstance);
  const communeTenant = communes.find((t) => t.insee_code === located.inseeCode);
  const membership = membershipOf(communeTenant);
  const name = communeTenant?.name ?? located.name;
  const commune = { ...located, name, membership };

  const category = answers[policy.categoryField];
  const rule =
    membership === 'outside'
      ? {
          id: 'hors-metropole',
          label: 'Lieu hors du territoire de la Métropole',
          competence: 'commune' as const,
          office: undefined,
        }
      : policy.rules.find(
          (r) => r.categories.length === 0 || (typeof category === 'string' && r.categories.includes(category)),
        );
  if (!rule) {
    return ownerDecision(
      'sans-regle',
      'Aucune règle pour cette catégorie',
      `Aucune règle ne désigne l'administration compétente pour cette catégorie : ${owner.name} traite la demande.`,
      settings.office,
      commune,
    );
  }
  if (rule.competence === 'metropole') {
    const metropole = await context.tenants.metropole();
    return {
      ruleId: rule.id,
      ruleLabel: rule.label,
      explanation: `À ${name}, « ${rule.label} » relève de la compétence de ${metropole.name}.`,
      holderTenantId: metropole.id,
      competent: {
        name: metropole.name,
        kind: 'metropole',
        tenantSlug: metropole.slug,
        office: rule.office ?? settings.office,
      },
      channel: 'platform',
      relayTo: null,
      commune,
    };
  }

  const office = await communeOffice(context, located.inseeCode, name, communeTenant);
  const { relayTo, ...officeDetails } = office;
  const why =
    membership === 'outside'
      ? `Le lieu indiqué se trouve à ${name}, ${MEMBERSHIP_TEXT.outside}`
      : `À ${name}, « ${rule.label} » relève de la commune`;
  if (communeTenant && mayUse(communeTenant.offers, 'gru.process')) {
    return {
      ruleId: rule.id,
      ruleLabel: rule.label,
      explanation: `${why}, ${MEMBERSHIP_TEXT[membership]}.`,
      holderTenantId: communeTenant.id,
      competent: { name, kind: 'commune', tenantSlug: communeTenant.slug, office: officeDetails },
      channel: 'platform',
      relayTo: null,
      commune,
    };
  }
  if (!relayTo) {
    return ownerDecision(
      `${rule.id}-sans-contact`,
      `${rule.label} (commune sans adresse de contact)`,
      `${why}, ${MEMBERSHIP_TEXT[membership]} et dont l'adresse de contact n'est pas connue : ${owner.name} lui transmettra la demande.`,
      settings.office,
      commune,
    );
  }
  return {
    ruleId: rule.id,
    ruleLabel: rule.label,
    explanation: `${why}, ${MEMBERSHIP_TEXT[membership]} : la demande lui est transmise par courriel (article L114-2 du code des relations entre le public et l'administration).`,
    holderTenantId: owner.id,
    competent: { name, kind: 'commune', tenantSlug: communeTenant?.slug ?? null, office: officeDetails },
    channel: 'email-relay',
    relayTo,
    commune,
  };
}
