import { RELAYED_STATUS, type WorkflowDefinition, ZWorkflowDefinition } from './workflow-definition.ts';

/** The platform's default circuit for simple requests: key "simple", version 2 (version 1 is the platform's first, SIMPLE_WORKFLOW). */
export const DEFAULT_WORKFLOW_KEY = 'simple';
export const DEFAULT_WORKFLOW_VERSION = 2;

/**
 * The circuit every demo e-service uses, offered to every tenant (tenant_id NULL). Received → in progress (with an
 * internal check), a question to the citizen that pauses the clock and resumes on their answer (closed without
 * action after 30 days of silence), and the four ends: accepted (or processed), rejected, closed, cancelled.
 */
export const DEFAULT_WORKFLOW: WorkflowDefinition = ZWorkflowDefinition.parse({
  label: 'Circuit simple',
  initial: 'recue',
  statuses: [
    { key: 'recue', label: 'Reçue', citizenLabel: 'Demande reçue', visibleToCitizen: true },
    {
      key: 'en-cours',
      label: 'En cours de traitement',
      citizenLabel: 'En cours de traitement',
      visibleToCitizen: true,
      notify: true,
      buttons: [
        {
          key: 'document',
          label: 'Joindre un document pour l’usager',
          actions: [{ type: 'attachDocument', label: 'Document', required: true, visibleToCitizen: true }],
        },
      ],
    },
    {
      key: 'verification',
      label: 'Vérification interne',
      citizenLabel: 'En cours de traitement',
      visibleToCitizen: false,
      onEnter: [
        {
          type: 'notifyAgents',
          to: 'role',
          role: 'admin',
          template: {
            subject: 'Demande n° {numero} à vérifier',
            body: 'La demande n° {numero} (« {demarche} ») attend votre vérification.\n\n{lien}',
          },
        },
      ],
    },
    {
      key: 'attente-usager',
      label: 'En attente de l’usager',
      citizenLabel: 'En attente de votre réponse',
      visibleToCitizen: true,
      waitingForCitizen: { resumeTo: 'en-cours' },
      buttons: [
        {
          key: 'relancer',
          label: 'Relancer l’usager',
          actions: [
            {
              type: 'notifyCitizen',
              template: {
                subject: 'Rappel : votre demande n° {numero} attend votre réponse',
                body: '{administration} attend toujours votre réponse pour traiter votre demande « {demarche} » (n° {numero}). Sans réponse dans les 30 jours suivant la question, la demande sera classée sans suite.\n\nRépondez depuis la page de votre demande : {lien}',
              },
            },
          ],
        },
      ],
      timers: [{ after: { days: 30 }, to: 'classee', label: 'Sans réponse de l’usager depuis 30 jours' }],
    },
    {
      key: 'acceptee',
      label: 'Acceptée',
      citizenLabel: 'Demande acceptée',
      visibleToCitizen: true,
      notify: true,
      final: true,
      outcome: 'accepted',
    },
    {
      key: 'traitee',
      label: 'Traitée',
      citizenLabel: 'Traitée',
      visibleToCitizen: true,
      notify: true,
      final: true,
      outcome: 'accepted',
    },
    {
      key: 'refusee',
      label: 'Refusée',
      citizenLabel: 'Demande refusée',
      visibleToCitizen: true,
      notify: true,
      final: true,
      outcome: 'rejected',
    },
    {
      key: 'classee',
      label: 'Classée sans suite',
      citizenLabel: 'Classée sans suite',
      visibleToCitizen: true,
      notify: true,
      final: true,
      outcome: 'closed',
    },
    {
      key: 'annulee',
      label: 'Annulée',
      citizenLabel: 'Annulée à votre demande',
      visibleToCitizen: true,
      notify: true,
      final: true,
      outcome: 'cancelled',
    },
    {
      key: RELAYED_STATUS,
      label: 'Transmise à l’administration compétente',
      citizenLabel: 'Transmise à l’administration compétente',
      visibleToCitizen: true,
      final: true,
    },
  ],
  transitions: [
    { from: 'recue', to: 'en-cours', label: 'Commencer le traitement', actions: [{ type: 'assign', to: 'actor' }] },
    { from: 'recue', to: 'verification', label: 'Vérifier' },
    { from: 'recue', to: 'classee', label: 'Classer sans suite', bulk: true },
    { from: 'recue', to: 'annulee', label: 'Annuler à la demande de l’usager' },
    { from: 'verification', to: 'en-cours', label: 'Reprendre le traitement' },
    { from: 'en-cours', to: 'verification', label: 'Soumettre à vérification' },
    {
      from: 'en-cours',
      to: 'attente-usager',
      label: 'Demander des informations à l’usager',
      actions: [{ type: 'askCitizen' }],
    },
    { from: 'attente-usager', to: 'en-cours', label: 'Reprendre le traitement' },
    { from: 'en-cours', to: 'acceptee', label: 'Accepter', bulk: true },
    { from: 'en-cours', to: 'traitee', label: 'Marquer comme traitée', bulk: true },
    {
      from: 'en-cours',
      to: 'refusee',
      label: 'Refuser',
      actions: [{ type: 'comment', visibility: 'citizen', label: 'Motif du refus, pour l’usager' }],
    },
    { from: 'en-cours', to: 'classee', label: 'Classer sans suite', bulk: true },
    { from: 'attente-usager', to: 'classee', label: 'Classer sans suite' },
    { from: 'en-cours', to: 'annulee', label: 'Annuler à la demande de l’usager' },
    { from: 'attente-usager', to: 'annulee', label: 'Annuler à la demande de l’usager' },
  ],
});
