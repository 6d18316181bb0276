import type { SharedService, SubscriptionOffer } from '../../platform/db/schema.ts';

/**
 * What leaving a service or changing the Toodego offer sets in motion: the seed's table of annexe Toodego §11
 * ("Conditions de changement d'offre et spécificités suite à résiliation"), row by row, plus art. 12.3 of the
 * convention-cadre for every service that ends ("permettre à la Commune de récupérer l'ensemble des données qui lui
 * sont propres"). Each becomes a task on the commune's file, with who does it and what must be done first.
 */
export type TaskCode =
  | 'finish_pending_requests'
  | 'export_instance_data'
  | 'decommission_instance'
  | 'decommission_connectors'
  | 'eservices_offline'
  | 'hand_over_personal_data'
  | 'transfer_eservices'
  | 'data_not_transferred'
  | 'recover_service_data'
  | 'close_service_access';

export type ChecklistTask = {
  code: TaskCode;
  label: string;
  responsible: 'commune' | 'metropole';
  /** A task that must be done (or found unnecessary) before this one. */
  after: TaskCode | null;
  source: string;
};

export type ServiceChange = { service: SharedService; from: SubscriptionOffer; to: SubscriptionOffer };

const TABLE = 'annexe Toodego §11 (tableau des offres)';

const LEAVING_PARTENAIRE: ChecklistTask[] = [
  {
    code: 'finish_pending_requests',
    label: 'Finaliser le traitement des demandes en cours',
    responsible: 'commune',
    after: null,
    source: TABLE,
  },
  {
    code: 'export_instance_data',
    label: "Récupérer les données de l'instance communale (la commune peut récupérer les données qui s'y trouvent)",
    responsible: 'commune',
    after: null,
    source: TABLE,
  },
  {
    code: 'decommission_instance',
    label: "Décommissionner l'instance communale",
    responsible: 'metropole',
    after: 'finish_pending_requests',
    source: TABLE,
  },
];

const LEAVING_CONNECTE: ChecklistTask[] = [
  {
    code: 'decommission_connectors',
    label: 'Décommissionner les connecteurs (pas de reprise des données nécessaire)',
    responsible: 'metropole',
    after: null,
    source: TABLE,
  },
];

const LEAVING_ABONNE: ChecklistTask[] = [
  {
    code: 'finish_pending_requests',
    label: 'Finaliser le traitement des demandes en cours',
    responsible: 'commune',
    after: null,
    source: TABLE,
  },
  {
    code: 'eservices_offline',
    label: 'Mettre les téléservices hors ligne',
    responsible: 'metropole',
    after: 'finish_pending_requests',
    source: TABLE,
  },
  {
    code: 'hand_over_personal_data',
    label: 'Transmettre à la commune, si elle le demande, les données non anonymisées',
    responsible: 'metropole',
    after: null,
    source: TABLE,
  },
];

const ABONNE_TO_PARTENAIRE: ChecklistTask[] = [
  {
    code: 'transfer_eservices',
    label: "Transférer les téléservices vers l'instance communale",
    responsible: 'metropole',
    after: null,
    source: TABLE,
  },
  {
    code: 'data_not_transferred',
    label:
      "Informer la commune que le transfert des données vers l'instance communale n'est pas pris en charge par la Métropole",
    responsible: 'metropole',
    after: null,
    source: TABLE,
  },
];

const SERVICE_DATA = 'convention-cadre art. 12.3';

function leavingOtherService(): ChecklistTask[] {
  return [
    {
      code: 'recover_service_data',
      label: 'Permettre à la commune de récupérer les données qui lui sont propres',
      responsible: 'metropole',
      after: null,
      source: SERVICE_DATA,
    },
    {
      code: 'close_service_access',
      label: "Fermer l'accès de la commune au service",
      responsible: 'metropole',
      after: 'recover_service_data',
      source: SERVICE_DATA,
    },
  ];
}

/**
 * The tasks for one service changing (or ending: `to` = 'none'). The seed's table: Partenaire and Connecté, "idem que
 * résiliation" on a change of offer; Abonné → Partenaire, transfer of e-services but not of data. An Abonné commune
 * moving to Connecté leaves its e-services as on termination (the table is silent on this case).
 */
export function checklistFor(change: ServiceChange): ChecklistTask[] {
  const { service, from, to } = change;
  if (from === to || from === 'none') return [];
  if (service !== 'toodego') return to === 'none' ? leavingOtherService() : [];
  if (from === 'partenaire') return LEAVING_PARTENAIRE;
  if (from === 'connecte') return LEAVING_CONNECTE;
  if (from === 'abonne') return to === 'partenaire' ? ABONNE_TO_PARTENAIRE : LEAVING_ABONNE;
  return [];
}

/**
 * Tasks the platform carries out itself from the commune's exit page (the archive built, the pending requests
 * finished, the instance or its e-services taken offline, the turnkey services handed over): they are marked done
 * when that happens, never ticked by hand.
 */
export const EXECUTED_TASKS: ReadonlySet<TaskCode> = new Set<TaskCode>([
  'finish_pending_requests',
  'export_instance_data',
  'decommission_instance',
  'eservices_offline',
  'transfer_eservices',
]);
