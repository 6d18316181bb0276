import { CsrfField, ErrorSummary, type FieldErrors, fieldId } from '../../../platform/views/forms.tsx';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import { type Provider, ProviderBadge } from '../../catalogue/index.ts';
import { AttributeChoice } from '../../identity/index.ts';
import type { PrefillItem } from '../citizen-identity.ts';

export type PrefillConsentPageProps = {
  context: PageContext;
  service: { title: string; path: string; provider: Provider };
  /** The question, recorded word for word with the decision. */
  wording: string;
  items: PrefillItem[];
  action: string;
  errors: FieldErrors;
};

/**
 * Consent before a form: before the form, the e-service asks to prefill it from the identity record. The citizen sees each
 * attribute with the value that would be used and its provenance, ticks the ones they accept (nothing is ticked the
 * first time), or goes on without prefill. Plain form: works without JavaScript.
 */
export function PrefillConsentPage({ context, service, wording, items, action, errors }: PrefillConsentPageProps) {
  return (
    <Layout
      context={context}
      title={`Pré-remplir le formulaire – ${service.title}`}
      hasErrors={Object.keys(errors).length > 0}
      breadcrumbs={[
        { label: 'Démarches', path: '/demarches' },
        { label: service.title, path: service.path.slice(context.tenant.base.length) },
      ]}
    >
      <div class="narrow">
        <ProviderBadge provider={service.provider} />
        <p class="caption">{service.title} — avant de commencer</p>
        <h1>Pré-remplir le formulaire avec les informations de votre compte ?</h1>
        <ErrorSummary errors={errors} />
        <p class="lead">{wording}</p>
        <p>
          Votre choix est retenu pour cette démarche jusqu’à ce que vous le retiriez depuis{' '}
          <a href={href(context, '/compte#services')}>votre compte</a>.
        </p>
        <form method="post" action={action}>
          <CsrfField token={context.csrfToken} />
          <fieldset
            class={`fieldset consent-list${errors.attribut ? ' field--error' : ''}`}
            aria-describedby={errors.attribut ? `${fieldId('attribut')}-erreur` : undefined}
          >
            <legend class="field__label">Informations à utiliser pour pré-remplir le formulaire</legend>
            {errors.attribut ? (
              <p class="field__error" id={`${fieldId('attribut')}-erreur`}>
                <span class="visually-hidden">Erreur : </span>
                {errors.attribut}
              </p>
            ) : null}
            {items.map((item, index) => {
              const id = index === 0 ? fieldId('attribut') : `${fieldId('attribut')}-${index + 1}`;
              // The provenance of an attribute the account does not hold would describe nothing.
              return (
                <AttributeChoice
                  id={id}
                  attribute={item.attribute}
                  label={item.label}
                  display={item.display}
                  provenance={item.display ? item.provenance : null}
                  approved={item.approved}
                />
              );
            })}
          </fieldset>
          <div class="button-row">
            <button type="submit" name="decision" value="accepter" class="button button--primary">
              Pré-remplir avec les informations cochées
            </button>
            <button type="submit" name="decision" value="refuser" class="button button--secondary">
              Continuer sans pré-remplissage
            </button>
          </div>
        </form>
      </div>
    </Layout>
  );
}
