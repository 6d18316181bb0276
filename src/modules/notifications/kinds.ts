import type { NotificationKind } from '../../platform/app-module/app-module.ts';

/** The form field of each kind. */
export type KindField = 'etapes' | 'messages' | 'echeances';

/** The kinds of news, in the order the preferences show them, each with its form field and wording. */
export const KINDS: ReadonlyArray<{
  kind: NotificationKind;
  field: KindField;
  label: string;
  hint: string;
  badge: string;
}> = [
  {
    kind: 'status',
    field: 'etapes',
    label: 'Changements d’étape des demandes',
    hint: 'Vos demandes qui avancent ; pour les agents, les avis prévus par les circuits.',
    badge: 'Étape',
  },
  {
    kind: 'message',
    field: 'messages',
    label: 'Messages',
    hint: 'Un service vous écrit ou vous pose une question ; pour les agents, un usager écrit.',
    badge: 'Message',
  },
  {
    kind: 'deadline',
    field: 'echeances',
    label: 'Échéances',
    hint: 'Un délai approche (une réponse attendue, un passage automatique d’étape).',
    badge: 'Échéance',
  },
];

export function kindOf(kind: NotificationKind) {
  return KINDS.find((k) => k.kind === kind) ?? KINDS[0]!;
}
