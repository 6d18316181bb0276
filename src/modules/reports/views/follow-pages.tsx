import { CsrfField, ErrorSummary, type FieldErrors } from '../../../platform/views/forms.tsx';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';

/** After "Suivre ce signalement": following (signed in), or a link to confirm (an address). */
export function FollowOutcomePage(props: {
  context: PageContext;
  state: 'following' | 'check-mailbox';
  categoryLabel: string;
  email: string | null;
  reportHref: string | null;
  returnHref: string | null;
}) {
  const { context } = props;
  const following = props.state === 'following';
  return (
    <Layout context={context} title={following ? 'Vous suivez ce signalement' : 'Vérifiez votre messagerie'}>
      <h1>{following ? 'Vous suivez ce signalement' : 'Vérifiez votre messagerie'}</h1>
      <p>
        {following
          ? `Vous recevrez un courriel à chaque étape du signalement « ${props.categoryLabel} ».`
          : `Si ${props.email ?? 'cette adresse'} ne suit pas encore le signalement « ${props.categoryLabel} », un message vient d’y être envoyé : suivez le lien qu’il contient pour confirmer (valable 7 jours).`}
      </p>
      {props.returnHref ? (
        <p>
          Votre propre signalement n’a pas été envoyé : son brouillon est conservé.{' '}
          <a href={props.returnHref}>Revenir à mon signalement pour l’envoyer quand même</a>
        </p>
      ) : null}
      {props.reportHref ? (
        <p>
          <a href={props.reportHref}>Voir le signalement suivi</a>
        </p>
      ) : null}
      <p>
        <a href={href(context, '/signalements')}>Tous les signalements</a>
      </p>
    </Layout>
  );
}

/** The e-mailed link opens this page; its button does the act (a mail scanner opening links does nothing). */
export function FollowLinkPage(props: {
  context: PageContext;
  title: string;
  text: string;
  action: string;
  hidden: Record<string, string>;
  button: string;
  errors?: FieldErrors;
}) {
  const { context } = props;
  return (
    <Layout context={context} title={props.title}>
      <h1>{props.title}</h1>
      <ErrorSummary errors={props.errors ?? {}} />
      <p>{props.text}</p>
      <form method="post" action={href(context, props.action)}>
        <CsrfField token={context.csrfToken} />
        {Object.entries(props.hidden).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <button type="submit" class="button button--primary">
          {props.button}
        </button>
      </form>
    </Layout>
  );
}

export function FollowDonePage(props: { context: PageContext; title: string; text: string; status?: number }) {
  const { context } = props;
  return (
    <Layout context={context} title={props.title}>
      <h1>{props.title}</h1>
      <p>{props.text}</p>
      <p>
        <a href={href(context, '/signalements')}>Tous les signalements</a>
      </p>
    </Layout>
  );
}
