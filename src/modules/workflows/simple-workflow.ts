import { RELAYED_STATUS, type WorkflowDefinition, ZWorkflowDefinition } from './workflow-definition.ts';

/**
 * The platform's first circuit, offered to every tenant (tenant_id NULL), key "simple", version 1. The workflow schema
 * grew after it: every field added since is optional, so this version, and the requests pinned to it, stay valid.
 */
export const SIMPLE_WORKFLOW: WorkflowDefinition = ZWorkflowDefinition.parse({
  label: 'Circuit simple',
  initial: 'recue',
  statuses: [
    { key: 'recue', label: 'Reçue', citizenLabel: 'Demande reçue', visibleToCitizen: true, notify: false },
    {
      key: 'en-cours',
      label: 'En cours de traitement',
      citizenLabel: 'En cours de traitement',
      visibleToCitizen: true,
      notify: true,
    },
    {
      key: 'verification',
      label: 'Vérification interne',
      citizenLabel: 'En cours de traitement',
      visibleToCitizen: false,
      notify: false,
    },
    {
      key: 'attente-usager',
      label: "En attente d'informations de l'usager",
      citizenLabel: 'En attente de votre réponse',
      visibleToCitizen: true,
      notify: true,
    },
    {
      key: 'acceptee',
      label: 'Acceptée',
      citizenLabel: 'Demande acceptée',
      visibleToCitizen: true,
      notify: true,
      final: true,
    },
    {
      key: 'refusee',
      label: 'Refusée',
      citizenLabel: 'Demande refusée',
      visibleToCitizen: true,
      notify: true,
      final: true,
    },
    { key: 'traitee', label: 'Traitée', citizenLabel: 'Traitée', visibleToCitizen: true, notify: true, final: true },
    {
      key: 'classee',
      label: 'Classée sans suite',
      citizenLabel: 'Classée sans suite',
      visibleToCitizen: true,
      notify: true,
      final: true,
    },
    {
      key: RELAYED_STATUS,
      label: 'Transmise à l’administration compétente',
      citizenLabel: 'Transmise à l’administration compétente',
      visibleToCitizen: true,
      notify: false,
      final: true,
    },
  ],
  transitions: [
    { from: 'recue', to: 'en-cours', label: 'Prendre en charge' },
    { from: 'recue', to: 'verification', label: 'Vérifier' },
    { from: 'recue', to: RELAYED_STATUS, label: "Transmettre à l'administration compétente" },
    { from: 'recue', to: 'classee', label: 'Classer sans suite' },
    { from: 'verification', to: 'en-cours', label: 'Prendre en charge' },
    { from: 'en-cours', to: 'verification', label: 'Vérifier' },
    { from: 'en-cours', to: 'attente-usager', label: "Demander des informations à l'usager" },
    { from: 'attente-usager', to: 'en-cours', label: 'Reprendre le traitement' },
    { from: 'en-cours', to: 'acceptee', label: 'Accepter' },
    { from: 'en-cours', to: 'refusee', label: 'Refuser' },
    { from: 'en-cours', to: 'traitee', label: 'Marquer comme traitée' },
    { from: 'en-cours', to: 'classee', label: 'Classer sans suite' },
    { from: 'attente-usager', to: 'classee', label: 'Classer sans suite' },
  ],
});
