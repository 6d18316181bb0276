import { CsrfField, ErrorSummary, type FieldErrors, TextField } from '../../../platform/views/forms.tsx';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';

/** "Suivre ce signalement" sent without a valid address: the address asked again, with the error beside it. */
export function FollowEmailPage(props: {
  context: PageContext;
  reportId: string;
  value: string;
  errors: FieldErrors;
  returnPath: string | undefined;
}) {
  const { context, errors } = props;
  return (
    <Layout context={context} title="Suivre ce signalement" hasErrors>
      <h1>Suivre ce signalement</h1>
      <ErrorSummary errors={errors} labels={{ courriel: 'Adresse électronique' }} />
      <form method="post" action={href(context, `/signalements/${props.reportId}/suivre`)} novalidate>
        <CsrfField token={context.csrfToken} />
        {props.returnPath ? <input type="hidden" name="retour" value={props.returnPath} /> : null}
        <TextField
          name="courriel"
          label="Adresse électronique"
          hint="Un lien de confirmation vous y sera envoyé ; ensuite, un courriel à chaque étape du signalement."
          type="email"
          autocomplete="email"
          spellcheck={false}
          value={props.value}
          error={errors.courriel}
        />
        <button type="submit" class="button button--primary">
          Suivre ce signalement
        </button>
      </form>
    </Layout>
  );
}
