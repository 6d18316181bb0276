import { z } from 'zod';
import { parisDay } from '../../platform/paris-time.ts';
import type { LegalRegime, Office } from '../catalogue/index.ts';
import type { RoutingDecision } from './routing/route-request.ts';

/**
 * The electronic acknowledgement (accusé de réception) with the mentions of CRPA R112-11-1: the date of receipt;
 * the service in charge with its e-mail or postal address and its phone; for a *demande*, whether silence means
 * acceptance or rejection, the date it takes effect, and the attestation (acceptance, L232-3) or the appeal routes
 * (rejection). Computed once at submission and kept as issued, so the page and the e-mail say the same thing forever.
 */
export const ZAcknowledgement = z.object({
  receivedAt: z.string(),
  number: z.string(),
  trackingCode: z.string(),
  serviceTitle: z.string(),
  providerName: z.string(),
  kind: z.enum(['demande', 'signalement', 'declaration']),
  handledBy: z.object({
    administration: z.string(),
    office: z.object({
      name: z.string(),
      email: z.string().optional(),
      postalAddress: z.string().optional(),
      phone: z.string(),
    }),
  }),
  implicitDecision: z
    .object({ rule: z.enum(['acceptance', 'rejection']), date: z.string(), delay: z.string() })
    .nullable(),
  relay: z.object({ to: z.string(), email: z.string(), at: z.string() }).nullable(),
  /** Issued again when an agent sent the request on to the competent administration: the request it came from. */
  transmittedFrom: z
    .object({ number: z.string(), administration: z.string(), receivedAt: z.string(), at: z.string() })
    .optional(),
  /** The mentions, as French paragraphs, exactly as shown and sent. */
  paragraphs: z.array(z.string()),
});
export type Acknowledgement = z.infer<typeof ZAcknowledgement>;

/** A request an agent sends on to the competent administration: where it was first received, when, and why it moves. */
export type Transmission = { number: string; administration: string; receivedAt: Date; reason: string };

const PARIS = 'Europe/Paris';
const dateTime = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'full', timeStyle: 'short', timeZone: PARIS });
const longDate = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'UTC' });

/** The calendar date in Paris of an instant, as [year, month (1-12), day]. */
function parisDate(at: Date): [number, number, number] {
  const parts = parisDay(at).split('-');
  return [Number(parts[0]), Number(parts[1]), Number(parts[2])];
}

/**
 * The day a decision is deemed taken: the date of receipt (Paris) plus the delay in months, then days, a month end
 * clamping (31 January + 1 month → 28 or 29 February), as the delays of the CRPA are counted.
 */
export function implicitDecisionDate(receivedAt: Date, delay: { months: number; days: number }): string {
  const [y, m, d] = parisDate(receivedAt);
  const monthIndex = m - 1 + delay.months;
  const lastDay = new Date(Date.UTC(y, monthIndex + 1, 0)).getUTCDate();
  const date = new Date(Date.UTC(y, monthIndex, Math.min(d, lastDay) + delay.days));
  return date.toISOString().slice(0, 10);
}

function delayText(delay: { months: number; days: number }): string {
  const parts = [
    delay.months ? `${delay.months} mois` : null,
    delay.days ? `${delay.days} jour${delay.days > 1 ? 's' : ''}` : null,
  ].filter(Boolean);
  return parts.join(' et ') || 'immédiat';
}

export function officeContact(office: Office): string {
  return [
    office.email ? `courriel : ${office.email}` : null,
    office.postalAddress ? `adresse : ${office.postalAddress}` : null,
    `téléphone : ${office.phone}`,
  ]
    .filter(Boolean)
    .join(' ; ');
}

const RECEIVED = {
  demande: 'Nous avons reçu votre demande',
  signalement: 'Nous avons reçu votre signalement',
  declaration: 'Nous avons reçu votre déclaration',
} as const;

const DEFAULT_APPEAL =
  "Vous pourrez contester ce refus dans un délai de deux mois : par un recours gracieux auprès du service ci-dessus, ou par un recours contentieux devant le tribunal administratif de Lyon (184, rue Duguesclin, 69433 Lyon Cedex 03), y compris par l'application Télérecours citoyens (www.telerecours.fr). Dans le même délai, vous pouvez demander les motifs de cette décision implicite (article L232-4 du code des relations entre le public et l'administration).";

export function buildAcknowledgement(input: {
  receivedAt: Date;
  number: string;
  trackingCode: string;
  serviceTitle: string;
  providerName: string;
  legal: LegalRegime;
  routing: RoutingDecision;
  /** The request an agent sent on to this administration (L114-2): this acknowledgement replaces its. */
  transmission?: Transmission | undefined;
}): Acknowledgement {
  const { receivedAt, legal, routing } = input;
  const office = routing.competent.office;
  const relay =
    routing.channel === 'email-relay' && routing.relayTo
      ? { to: routing.competent.name, email: routing.relayTo, at: receivedAt.toISOString() }
      : null;
  const paragraphs = [
    `${RECEIVED[legal.kind]} « ${input.serviceTitle} » (démarche proposée par ${input.providerName}) le ${dateTime.format(receivedAt)}.`,
    `Numéro : ${input.number}. Code de suivi : ${input.trackingCode}.`,
    `Service chargé de votre dossier : ${office.name} (${routing.competent.name}) — ${officeContact(office)}.`,
  ];
  const transmission = input.transmission;
  if (transmission) {
    paragraphs.push(
      `Votre demande n° ${transmission.number}, reçue le ${dateTime.format(transmission.receivedAt)} par ${transmission.administration}, ne relevait pas de sa compétence : elle l'a transmise le ${dateTime.format(receivedAt)} à ${routing.competent.name} (article L114-2 du code des relations entre le public et l'administration). Motif : ${transmission.reason} Cet accusé de réception remplace le précédent.`,
    );
  }
  if (relay) {
    paragraphs.push(
      `${routing.explanation} Elle a été envoyée à ${relay.to} le ${dateTime.format(receivedAt)}, à l'adresse ${relay.email} ; c'est cette administration qui la traitera et vous répondra.`,
    );
  }
  let implicitDecision: Acknowledgement['implicitDecision'] = null;
  if (legal.kind === 'demande') {
    const date = implicitDecisionDate(receivedAt, legal.delay);
    implicitDecision = { rule: legal.silence, date, delay: delayText(legal.delay) };
    const when = longDate.format(new Date(`${date}T12:00:00Z`));
    if (relay || transmission) {
      paragraphs.push(
        "Le délai au terme duquel le silence de l'administration vaut décision court à compter de la réception de votre demande par l'administration compétente (article L114-3 du code des relations entre le public et l'administration).",
      );
    }
    if (legal.silence === 'acceptance') {
      paragraphs.push(
        `En l'absence de réponse au plus tard le ${when} (délai de ${implicitDecision.delay}), votre demande, si elle est complète, sera réputée acceptée : le silence de l'administration vaut décision implicite d'acceptation (article L231-1 du code des relations entre le public et l'administration). Vous pourrez alors obtenir, sur simple demande, une attestation de cette décision (article L232-3).`,
      );
    } else {
      paragraphs.push(
        `En l'absence de réponse au plus tard le ${when} (délai de ${implicitDecision.delay}), votre demande sera réputée rejetée : le silence de l'administration vaut décision implicite de rejet.`,
        legal.appealRoutes ?? DEFAULT_APPEAL,
      );
    }
    paragraphs.push(
      "Si votre demande est incomplète, le service vous indiquera les pièces manquantes et le délai pour les fournir ; le délai ci-dessus ne court qu'à compter de leur réception (article L114-5).",
    );
  } else {
    paragraphs.push(
      `Ce${legal.kind === 'declaration' ? 'tte déclaration' : ' signalement'} n'appelle pas de décision de l'administration : il ne fait naître aucune décision implicite d'acceptation ou de rejet.`,
    );
  }
  paragraphs.push(
    "Le présent accusé de réception vous est délivré en application de l'article L112-11 et de l'article R112-11-1 du code des relations entre le public et l'administration.",
  );
  return {
    receivedAt: receivedAt.toISOString(),
    number: input.number,
    trackingCode: input.trackingCode,
    serviceTitle: input.serviceTitle,
    providerName: input.providerName,
    kind: legal.kind,
    handledBy: { administration: routing.competent.name, office },
    implicitDecision,
    relay,
    ...(transmission
      ? {
          transmittedFrom: {
            number: transmission.number,
            administration: transmission.administration,
            receivedAt: transmission.receivedAt.toISOString(),
            at: receivedAt.toISOString(),
          },
        }
      : {}),
    paragraphs,
  };
}
