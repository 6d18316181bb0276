import type { SharedService, SubscriptionOffer } from '../../../platform/db/schema.ts';
import { SERVICE_LABELS, TOODEGO_OFFER_LABELS } from '../../../platform/tenancy/offers.ts';
import type {
  AmendmentKind,
  AmendmentStatus,
  DisputeStatus,
  EndReason,
  MeetingStatus,
  NoticeStatus,
  Party,
  RecipientResponse,
  TaskStatus,
} from '../agreements.tables.ts';

/** French wording for the agreements' states, shared by operators' and communes' pages. */

export function serviceOfferLabel(service: SharedService, offer: SubscriptionOffer): string {
  if (service === 'toodego')
    return offer === 'none'
      ? 'Toodego : aucune offre'
      : `Toodego, offre ${TOODEGO_OFFER_LABELS[offer as keyof typeof TOODEGO_OFFER_LABELS] ?? offer}`;
  return offer === 'none' ? `${SERVICE_LABELS[service]} : non souscrit` : SERVICE_LABELS[service];
}

export const PARTY_LABELS: Record<Party, string> = { commune: 'la commune', metropole: 'la Métropole' };

export const END_REASON_LABELS: Record<EndReason, string> = {
  max_duration: 'terme de la durée maximale de 6 ans (art. 2)',
  notice_commune: 'résiliation par la commune (art. 12.2)',
  notice_metropole: 'résiliation par la Métropole (art. 12.2)',
  breach_by_commune: 'résiliation pour manquement de la commune (art. 12.2)',
  breach_by_metropole: 'résiliation pour manquement de la Métropole (art. 12.2)',
};

export const AMENDMENT_KIND_LABELS: Record<AmendmentKind, string> = {
  add_service: 'Ajout d’un service',
  drop_service: 'Renoncement à un service',
  change_offer: 'Changement d’offre Toodego',
};

export const AMENDMENT_STATUS_LABELS: Record<AmendmentStatus, string> = {
  scheduled: 'programmé',
  applied: 'appliqué',
  cancelled: 'annulé (fin de la convention)',
};

export const NOTICE_STATUS_LABELS: Record<NoticeStatus, string> = {
  pending: 'en cours',
  effective: 'effective',
  remedied: 'levée (manquement corrigé)',
  unremedied: 'restée infructueuse : résiliation possible',
  terminated: 'convention résiliée',
};

export const DISPUTE_STATUS_LABELS: Record<DisputeStatus, string> = {
  open: 'en attente de décision',
  accepted: 'acceptée',
  rejected: 'rejetée',
  rejected_by_silence: 'rejetée (absence de décision dans le mois, art. 13)',
};

export const TASK_STATUS_LABELS: Record<TaskStatus, string> = {
  todo: 'à faire',
  done: 'faite',
  not_needed: 'sans objet',
};

export const MEETING_STATUS_LABELS: Record<MeetingStatus, string> = {
  draft: 'brouillon (non publié)',
  awaiting_approval: 'publié, en attente de validation',
  approved: 'approuvé',
  contested: 'objection d’une commune',
};

export const RESPONSE_LABELS: Record<RecipientResponse, string> = {
  pending: 'pas de réponse',
  approved: 'approuvé',
  objected: 'objection',
};
