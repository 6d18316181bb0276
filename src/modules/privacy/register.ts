import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { findEServicesByIds, listServicesHandledBy, parseSettings } from '../catalogue/index.ts';
import { type Field, inputFields, loadFormVersion } from '../forms/index.ts';
import type { RetentionRuleRow } from './privacy.tables.ts';
import { listRetentionRules } from './retention.repo.ts';

/** One processing of the register (RGPD art. 30), as the instance's controller keeps it. */
export type Processing = {
  id: string;
  name: string;
  purpose: string;
  legalBasis: string;
  categories: string[];
  recipients: string[];
  retention: string;
  controller: string;
  /** An e-service of this instance's own: its prefill consents are this controller's to export. */
  ownService: boolean;
};

const PUBLIC_TASK = 'Mission d’intérêt public (article 6.1.e du RGPD)';

const PREFILL_LABELS: Record<string, string> = {
  email: 'Adresse électronique',
  fullName: 'Nom et prénom',
  givenName: 'Prénom',
  familyName: 'Nom',
  phone: 'Téléphone',
  birthdate: 'Date de naissance',
  address: 'Adresse postale',
};

const TYPE_CATEGORIES: Partial<Record<Field['type'], string>> = {
  email: 'Adresse électronique',
  phone: 'Téléphone',
  address: 'Adresse postale',
  mapPoint: 'Localisation',
  file: 'Pièces jointes',
  appointment: 'Rendez-vous',
  date: 'Dates déclarées',
};

/** The categories of data a form collects, from its definition (fields' types and prefills); contact always. */
export function categoriesOf(fields: Field[], access: string): string[] {
  const found = new Set<string>(['Adresse électronique de contact']);
  if (access !== 'anonymous') found.add('Identifiant du compte GrandLyon Connect');
  if (access === 'certified') found.add('Identité certifiée par FranceConnect');
  for (const field of fields) {
    const prefill = 'prefill' in field && field.prefill ? PREFILL_LABELS[field.prefill] : undefined;
    found.add(prefill ?? TYPE_CATEGORIES[field.type] ?? 'Réponses au formulaire');
  }
  return [...found];
}

/** The rule in words, as the register and the privacy notice say it. */
export function retentionText(rule: RetentionRuleRow | undefined): string {
  if (!rule || (rule.anonymise_after_months === null && rule.purge_files_after_months === null))
    return 'Non fixée : les demandes sont conservées jusqu’à ce qu’une durée soit fixée.';
  const parts: string[] = [];
  if (rule.purge_files_after_months !== null)
    parts.push(`pièces jointes supprimées ${rule.purge_files_after_months} mois après la clôture`);
  if (rule.anonymise_after_months !== null)
    parts.push(`demande anonymisée ${rule.anonymise_after_months} mois après la clôture`);
  const text = parts.join(' ; ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.${rule.active ? '' : ' (règle en simulation)'}`;
}

/**
 * The register of processing of an instance (issue 17 §7), generated from its services' definitions: each e-service
 * whose requests it holds (its own and the mutualised ones routed to it) — purpose from the service, data
 * categories from its form, recipients from its settings (handling office, routing), retention from its rule — and
 * the instance's own processings (rights requests; the accounts for the metropolis, which runs GrandLyon Connect).
 */
export async function buildRegister(services: Services, tenant: ResolvedTenant): Promise<Processing[]> {
  const handled = await listServicesHandledBy(services.db, tenant.id);
  const eservices = await findEServicesByIds(
    services.db,
    handled.map((s) => s.id),
  );
  const rules = await withTenant(services.db, tenant.id, (trx) => listRetentionRules(trx));
  const fallback = rules.find((r) => r.eservice_id === null);
  const controller = tenant.name;
  const register: Processing[] = [];
  for (const eservice of eservices.sort((a, b) => a.title.localeCompare(b.title, 'fr'))) {
    if (!eservice.published_form_version_id) continue;
    const form = await loadFormVersion(services.db, eservice.published_form_version_id);
    const settings = parseSettings(eservice);
    const recipients = [`${settings.office.name} (${controller})`];
    if (settings.routing.mode === 'territorial')
      recipients.push('Administration compétente selon le lieu et la catégorie (métropole ou commune)');
    if (eservice.tenant_id !== tenant.id) recipients.push('Métropole de Lyon, qui fournit le service (hébergement)');
    register.push({
      id: eservice.id,
      name: eservice.title,
      purpose: `Instruire les demandes « ${eservice.title} » et en informer le demandeur. ${eservice.summary}`.trim(),
      legalBasis: PUBLIC_TASK,
      categories: categoriesOf(inputFields(form.definition), eservice.access),
      recipients,
      retention: retentionText(rules.find((r) => r.eservice_id === eservice.id) ?? fallback),
      controller,
      ownService: eservice.tenant_id === tenant.id,
    });
  }
  register.push({
    id: 'droits',
    name: 'Demandes d’exercice des droits',
    purpose: 'Recevoir les demandes d’exercice des droits sur les données personnelles et y répondre dans les délais.',
    legalBasis: 'Obligation légale (article 6.1.c du RGPD)',
    categories: ['Nom', 'Adresse électronique', 'Identifiant du compte', 'Contenu de la demande et de la réponse'],
    recipients: [`Délégué à la protection des données (${controller})`],
    retention: 'La durée de la demande, puis 5 ans (preuve de la réponse).',
    controller,
    ownService: false,
  });
  if (tenant.kind === 'metropole')
    register.push({
      id: 'comptes',
      name: 'Comptes GrandLyon Connect',
      purpose:
        'Authentifier les usagers, tenir leur fiche d’identité et la transmettre aux services qu’ils autorisent.',
      legalBasis: 'Consentement (article 6.1.a du RGPD) pour chaque transmission ; mission d’intérêt public',
      categories: ['Identité', 'Coordonnées', 'Journal de connexion', 'Consentements'],
      recipients: ['Services et portails autorisés par l’usager'],
      retention: 'Supprimé après deux ans sans utilisation, après un avertissement.',
      controller,
      ownService: false,
    });
  return register;
}
