import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';

/** A login through FranceConnect or ProConnect that did not go through, and what to do about it. */
export function PartnerRefusedPage({
  context,
  partner,
  message,
}: {
  context: PageContext;
  partner: string;
  message: string;
}) {
  return (
    <Layout context={context} title={`Connexion avec ${partner} impossible`}>
      <div class="narrow">
        <h1>Connexion avec {partner} impossible</h1>
        <p>{message}</p>
        <p>
          <a href={href(context, '/connexion')}>Retourner à la page de connexion</a>
        </p>
      </div>
    </Layout>
  );
}
