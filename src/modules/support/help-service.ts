import { SYSTEM_ACTOR } from '../../platform/audit/audit.repo.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { type EServiceRow, findEServiceOfTenant, publishEService } from '../catalogue/index.ts';
import { type FormDefinitionInput, type LoadedForm, loadFormVersion } from '../forms/index.ts';

/**
 * A help request is a request like any other, to an e-service every administration has: "Demander de l'aide". So it
 * is numbered, acknowledged, routed to an administration, moved by the default workflow in the back-office, followed
 * in the citizen's dashboard and notified at each step — by the machinery that already does all that.
 */
export const HELP_SERVICE_SLUG = 'demander-de-l-aide';

export const HELP_FORM: FormDefinitionInput = {
  title: 'Votre demande d’aide',
  fields: [
    { type: 'text', key: 'sujet', label: 'Sujet', maxLength: 200 },
    { type: 'textarea', key: 'message', label: 'Votre question ou votre problème', maxLength: 4000 },
    { type: 'text', key: 'page', label: 'Page d’où vient la demande', required: false, maxLength: 300 },
    { type: 'text', key: 'service', label: 'Démarche concernée', required: false, maxLength: 200 },
    { type: 'text', key: 'numero', label: 'Numéro de la demande concernée', required: false, maxLength: 60 },
  ],
};

function senderAddress(from: string): string | undefined {
  return /<([^>]+)>/.exec(from)?.[1] ?? (from.includes('@') ? from.trim() : undefined);
}

/**
 * The administration's help service, published the first time someone asks it for help. Its office is the
 * administration's contact address (the platform's sender when it has none): the acknowledgement must give one.
 */
export async function helpServiceOf(
  services: Services,
  administration: ResolvedTenant,
): Promise<{ eservice: EServiceRow; form: LoadedForm }> {
  let eservice = await findEServiceOfTenant(services.db, administration.id, HELP_SERVICE_SLUG);
  if (!eservice?.published_form_version_id || eservice.status !== 'published') {
    const email = administration.contact_email ?? senderAddress(services.config.mailFrom);
    eservice = (
      await publishEService(services, {
        provider: administration,
        actor: SYSTEM_ACTOR,
        slug: HELP_SERVICE_SLUG,
        title: 'Demander de l’aide',
        summary: `Une question sur une démarche ou sur le site : l’équipe de ${administration.name} vous répond.`,
        description:
          'Posez votre question ; vous pouvez suivre votre demande d’aide comme vos autres demandes, et vous êtes prévenu de la réponse.',
        themes: ['Aide'],
        keywords: ['aide', 'assistance', 'question', 'problème'],
        access: 'anonymous',
        settings: {
          office: {
            name: `Assistance aux usagers – ${administration.name}`,
            ...(email ? { email } : { postalAddress: administration.name }),
            phone: 'Non communiqué',
          },
          legal: { kind: 'signalement' },
        },
        form: HELP_FORM,
      })
    ).eservice;
  }
  if (!eservice.published_form_version_id) throw new Error('help service without a form');
  return { eservice, form: await loadFormVersion(services.db, eservice.published_form_version_id) };
}
