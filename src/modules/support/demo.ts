import { SYSTEM_ACTOR } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { HOUR, MINUTE } from '../../platform/clock.ts';
import type { Services } from '../../platform/services.ts';
import { insertNotice, insertProbeHistory } from './availability.repo.ts';
import { countFaq, insertFaq } from './faq.repo.ts';
import { addWorkingMs } from './working-hours.ts';
import type { Severity } from './sla.ts';
import type { TicketCategory, TicketStatus } from './support.tables.ts';
import { insertTicket, insertTicketEvent, nextTicketNumber, updateTicket } from './tickets.repo.ts';

const FAQ = [
  {
    question: 'Comment suivre une demande que j’ai envoyée ?',
    answer:
      'Avec un compte, vos demandes sont dans « Mes demandes ». Sans compte, ouvrez le lien de suivi reçu par courriel avec l’accusé de réception, ou saisissez votre code de suivi sur la page « Suivre une demande ».',
  },
  {
    question: 'J’ai oublié mon mot de passe',
    answer:
      'Sur la page de connexion, choisissez « Mot de passe oublié » : un lien pour en choisir un nouveau vous est envoyé par courriel. Il reste valable une heure.',
  },
  {
    question: 'Qui traite ma démarche : ma commune ou la Métropole ?',
    answer:
      'Vous n’avez pas à le savoir : la plateforme transmet votre demande à l’administration compétente, selon la démarche et le lieu. L’accusé de réception indique le service qui la traite.',
  },
  {
    question: 'Puis-je joindre des documents à ma demande ?',
    answer: 'Oui : des photos (PNG, JPEG, WebP) ou des PDF, de 5 Mo au plus chacun.',
  },
];
const COMPOST_FAQ = {
  serviceSlug: 'composteur-individuel',
  serviceTitle: 'Demander un composteur individuel',
  question: 'Quand mon composteur sera-t-il livré ?',
  answer: 'Les composteurs sont livrés le samedi matin, dans les six semaines suivant la demande acceptée.',
};
const CIVIL_FAQ = {
  serviceSlug: 'acte-etat-civil',
  serviceTitle: 'Demander un acte d’état civil',
  question: 'Combien de temps pour recevoir un acte d’état civil ?',
  answer: 'Givors envoie les actes par courrier sous huit jours ouvrés ; un acte est gratuit.',
};

type DemoTicket = {
  slug: string;
  subject: string;
  category: TicketCategory;
  description: string;
  /** Opened this many working hours ago. */
  openedHoursAgo: number;
  severity: Severity | null;
  status: TicketStatus;
  /** Resolved this many working hours after qualification. */
  resolvedAfterHours?: number;
};

const TICKETS: DemoTicket[] = [
  {
    slug: 'givors',
    subject: 'Le tableau de bord des agents ne s’affiche plus',
    category: 'guichet',
    description: 'Depuis ce matin, la liste des demandes à traiter reste vide pour tous nos agents.',
    openedHoursAgo: 40,
    severity: 'bloquant',
    status: 'resolu',
    resolvedAfterHours: 5,
  },
  {
    slug: 'givors',
    subject: 'Connexion GrandLyon Connect refusée pour un agent',
    category: 'identite',
    description: 'Un agent obtient « compte inconnu » alors qu’il se connectait la semaine dernière.',
    openedHoursAgo: 20,
    severity: 'majeur',
    status: 'en_cours',
  },
  {
    slug: 'givors',
    subject: 'Export des demandes : colonnes décalées',
    category: 'donnees',
    description: 'Dans l’export CSV, la colonne « commune » contient parfois l’adresse.',
    openedHoursAgo: 6,
    severity: 'majeur',
    status: 'attente_commune',
  },
  {
    slug: 'givors',
    subject: 'Question sur le thème de notre instance',
    category: 'autre',
    description: 'Peut-on changer la couleur des boutons ?',
    openedHoursAgo: 1,
    severity: null,
    status: 'nouveau',
  },
  {
    slug: 'venissieux',
    subject: 'Le connecteur ne transmet plus les demandes',
    category: 'connecteur',
    description: 'Aucune demande reçue dans notre logiciel depuis lundi.',
    openedHoursAgo: 60,
    severity: 'bloquant',
    status: 'resolu',
    resolvedAfterHours: 11,
  },
];

/** The support's demo: FAQ entries, tickets in every SLA state, notices, two weeks of probe history. Idempotent. */
export async function seedSupportDemo(services: Services): Promise<void> {
  if ((await countFaq(services.db)) > 0) return;
  const now = services.clock.now();
  const metropole = await services.tenants.metropole();
  const givors = await services.tenants.bySlug('givors');
  await withTenant(services.db, metropole.id, async (trx) => {
    for (const entry of [...FAQ.map((e) => ({ ...e, serviceSlug: null, serviceTitle: null })), COMPOST_FAQ])
      await insertFaq(trx, { ...entry, by: 'démonstration', at: now });
  });
  if (givors)
    await withTenant(services.db, givors.id, (trx) => insertFaq(trx, { ...CIVIL_FAQ, by: 'démonstration', at: now }));

  for (const demo of TICKETS) {
    const commune = await services.tenants.bySlug(demo.slug);
    if (!commune) continue;
    // Counting back in working hours: walk forward from far enough back until the age fits.
    let openedAt = new Date(now.getTime() - demo.openedHoursAgo * 3 * HOUR);
    while (addWorkingMs(openedAt, demo.openedHoursAgo * HOUR) < now) openedAt = new Date(openedAt.getTime() + HOUR);
    const qualifiedAt = new Date(openedAt.getTime() + 20 * MINUTE);
    await withTenant(services.db, commune.id, async (trx) => {
      const ticket = await insertTicket(trx, {
        number: await nextTicketNumber(trx),
        subject: demo.subject,
        category: demo.category,
        openedBy: {
          userId: null,
          label: `Référent de ${commune.name} (démonstration)`,
          email: `admin.${demo.slug}@example.org`,
        },
        at: openedAt,
      });
      const author = `Référent de ${commune.name} (démonstration)`;
      const support = 'Support de la Métropole (démonstration)';
      await insertTicketEvent(trx, {
        ticketId: ticket.id,
        at: openedAt,
        kind: 'ouverture',
        side: 'commune',
        authorLabel: author,
        body: demo.description,
        status: 'nouveau',
      });
      if (!demo.severity) return;
      await insertTicketEvent(trx, {
        ticketId: ticket.id,
        at: qualifiedAt,
        kind: 'qualification',
        side: 'metropole',
        authorLabel: support,
        severity: demo.severity,
        status: 'en_cours',
        body: 'Qualifié après diagnostic.',
      });
      let resolvedAt: Date | null = null;
      if (demo.status === 'attente_commune') {
        const askedAt = new Date(qualifiedAt.getTime() + HOUR);
        await insertTicketEvent(trx, {
          ticketId: ticket.id,
          at: askedAt,
          kind: 'message',
          side: 'metropole',
          authorLabel: support,
          body: 'Pouvez-vous nous envoyer un exemple d’export où la colonne est décalée ?',
        });
        await insertTicketEvent(trx, {
          ticketId: ticket.id,
          at: askedAt,
          kind: 'statut',
          side: 'metropole',
          authorLabel: support,
          status: 'attente_commune',
        });
      }
      if (demo.status === 'resolu' && demo.resolvedAfterHours) {
        resolvedAt = addWorkingMs(qualifiedAt, demo.resolvedAfterHours * HOUR);
        await insertTicketEvent(trx, {
          ticketId: ticket.id,
          at: resolvedAt,
          kind: 'message',
          side: 'metropole',
          authorLabel: support,
          body: 'Corrigé : le service a été redémarré et une alerte ajoutée.',
        });
        await insertTicketEvent(trx, {
          ticketId: ticket.id,
          at: resolvedAt,
          kind: 'statut',
          side: 'metropole',
          authorLabel: support,
          status: 'resolu',
        });
      }
      await updateTicket(trx, ticket.id, {
        severity: demo.severity,
        qualified_at: qualifiedAt,
        status: demo.status,
        resolved_at: resolvedAt,
        at: resolvedAt ?? qualifiedAt,
      });
    });
  }

  const pastStart = new Date(now.getTime() - 5 * 24 * HOUR);
  const pastEnd = new Date(pastStart.getTime() + 2 * HOUR);
  await insertNotice(services.db, {
    kind: 'maintenance',
    title: 'Mise à jour de la base de données',
    body: 'Le guichet et la GRU ont été indisponibles pendant la mise à jour.',
    startsAt: pastStart,
    endsAt: pastEnd,
    by: SYSTEM_ACTOR.label,
    at: new Date(pastStart.getTime() - 3 * 24 * HOUR),
  });
  const nextStart = new Date(now.getTime() + 3 * 24 * HOUR);
  await insertNotice(services.db, {
    kind: 'maintenance',
    title: 'Changement de serveur',
    body: 'La plateforme sera indisponible une heure environ pendant la bascule.',
    startsAt: nextStart,
    endsAt: new Date(nextStart.getTime() + 2 * HOUR),
    by: SYSTEM_ACTOR.label,
    at: now,
  });
  await insertNotice(services.db, {
    kind: 'actualite',
    title: 'Nouveau : le support en ligne',
    body: 'Les communes ouvrent désormais leurs tickets sur la plateforme et suivent le respect des délais.',
    startsAt: null,
    endsAt: null,
    by: SYSTEM_ACTOR.label,
    at: now,
  });
  // Two weeks of probes: one 25-minute outage, and the planned maintenance (failed probes, excluded).
  const outage = new Date(now.getTime() - 2 * 24 * HOUR);
  await insertProbeHistory(
    services.db,
    new Date(Math.floor(now.getTime() / MINUTE) * MINUTE - 14 * 24 * HOUR),
    new Date(Math.floor(now.getTime() / MINUTE) * MINUTE),
    [
      { from: pastStart, to: pastEnd },
      { from: outage, to: new Date(outage.getTime() + 25 * MINUTE) },
    ],
  );
}
