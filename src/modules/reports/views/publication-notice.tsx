import { Notice } from '../../../platform/views/forms.tsx';

/**
 * Said before sending, because a report is published once sent (issue 15 §6): what the public list shows of it and
 * what it never shows, so the citizen can leave personal details out of the description.
 */
export function PublicationNotice() {
  return (
    <Notice kind="info">
      <p class="notice__title">Ce signalement sera public</p>
      <p>
        Une fois envoyé, il apparaît sur la liste et la carte publiques des signalements : sa catégorie, sa description,
        son lieu arrondi à une centaine de mètres et l’avancement de son traitement. Votre nom et vos coordonnées n’y
        figurent jamais : n’en mettez pas dans la description.
      </p>
    </Notice>
  );
}
