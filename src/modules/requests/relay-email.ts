import type { EmailContent } from '../../platform/mail/email-template.tsx';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { formatDateTime } from '../../platform/views/format.ts';
import type { EServiceRow } from '../catalogue/index.ts';
import {
  type Answers,
  formatAnswer,
  type FormDefinition,
  isFileAnswer,
  isInput,
  isPointAnswer,
  visibility,
} from '../forms/index.ts';
import type { SubmittedRequestRow } from './requests.tables.ts';
import type { RoutingDecision } from './routing/route-request.ts';

/**
 * The e-mail that hands a request to the competent commune when it does not process requests on the platform:
 * everything it needs to act and to answer the citizen directly (L114-2: forward and inform).
 */
export function relayEmail(input: {
  request: SubmittedRequestRow;
  eservice: EServiceRow;
  definition: FormDefinition;
  routing: RoutingDecision;
  holder: ResolvedTenant;
  publicUrl: string;
}): EmailContent {
  const { request, eservice, definition, routing, holder } = input;
  const answers = request.answers as Answers;
  const seen = visibility(definition, answers);
  const lines = definition.fields
    .filter(isInput)
    .filter((f) => seen.get(f.key)?.visible && answers[f.key] !== undefined)
    .map((f) => {
      const value = answers[f.key];
      if (value === undefined) return '';
      const text = formatAnswer(f, value);
      if (isPointAnswer(value))
        return `${f.label} : ${text} (https://www.openstreetmap.org/?mlat=${value.lat}&mlon=${value.lon}#map=18/${value.lat}/${value.lon})`;
      if (isFileAnswer(value))
        return `${f.label} : ${text} — fichier conservé par ${holder.name}, transmis sur simple demande en rappelant le numéro.`;
      return `${f.label} : ${text}`;
    });
  return {
    subject: `Demande transmise par ${holder.name} : ${eservice.title} (n° ${request.number})`,
    greeting: `Madame, Monsieur,`,
    paragraphs: [
      `${holder.name} a reçu le ${formatDateTime(request.submitted_at)} une demande qui relève de votre compétence. En application de l'article L114-2 du code des relations entre le public et l'administration, elle vous la transmet ; l'usager en est informé et attend votre réponse.`,
      `Raison de la transmission : ${routing.explanation}`,
      `Démarche : ${eservice.title}. Numéro : ${request.number}.`,
      ...lines,
      `Adresse électronique de l'usager, pour lui répondre : ${request.contact_email}.`,
    ],
    signature: `${holder.name} — guichet numérique Toodego`,
  };
}
