import { Layout } from './layout.tsx';
import { href, type PageContext } from './page-context.ts';
import { SearchBox } from './search-box.tsx';

export type ErrorPageProps = { context: PageContext; status: number; title: string; detail?: string | undefined };

const EXPLANATIONS: Record<number, string> = {
  400: "La demande envoyée n'a pas pu être comprise.",
  403: "Vous n'avez pas accès à cette page.",
  404: "La page que vous cherchez n'existe pas ou n'existe plus. Si vous avez saisi l'adresse, vérifiez-la.",
  413: 'Le contenu envoyé dépasse la taille autorisée.',
  429: 'Trop de tentatives en peu de temps. Patientez quelques minutes avant de réessayer.',
  500: "Une erreur inattendue s'est produite de notre côté. Elle a été enregistrée ; réessayez dans quelques instants.",
  503: 'Le service est momentanément indisponible. Réessayez dans quelques instants.',
};

/** The French error page (404, 500…). Never shows a stack trace: the detail is a message written for people. */
export function ErrorPage({ context, status, title, detail }: ErrorPageProps) {
  return (
    <Layout context={context} title={title}>
      <h1>{title}</h1>
      <p>{detail ?? EXPLANATIONS[status] ?? EXPLANATIONS[500]}</p>
      <p class="muted">Code d'erreur : {status}</p>
      {status === 404 ? (
        // Issue 23 §5: a page not found is often a service looked for at an old address — offer to search it.
        <>
          <h2>Vous cherchiez une démarche ?</h2>
          <SearchBox context={context} label="Rechercher une démarche par son nom ou un mot-clé" />
          <ul>
            <li>
              <a href={href(context, '/demarches')}>Toutes les démarches en ligne</a>
            </li>
            <li>
              <a href={href(context, context.user ? '/mes-demandes' : '/suivi')}>
                {context.user ? 'Suivre mes demandes' : 'Suivre une demande avec son code de suivi'}
              </a>
            </li>
            <li>
              <a href={href(context, '/plan-du-site')}>Plan du site</a>
            </li>
          </ul>
        </>
      ) : null}
      <p>
        <a href={href(context, '/')}>Retourner à l'accueil</a>
      </p>
    </Layout>
  );
}
