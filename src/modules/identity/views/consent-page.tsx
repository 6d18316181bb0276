import { CsrfField, ErrorSummary, type FieldErrors } from '../../../platform/views/forms.tsx';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import { ATTRIBUTE_LABELS, type Attribute } from '../oidc/claims.ts';
import { AttributeChoice, type ProvenanceView } from './provenance.tsx';

export type ConsentItem = {
  attribute: Attribute;
  display: string | null;
  provenance: ProvenanceView | null;
  approved: boolean;
};

export type ConsentPageProps = {
  context: PageContext;
  uid: string;
  clientName: string;
  ownerName: string;
  question: string;
  items: ConsentItem[];
  offlineAccess: { requested: boolean; approved: boolean };
  errors: FieldErrors;
};

/**
 * The service asks, the citizen approves each attribute one by one (nothing is ticked in advance the first
 * time), or refuses. The question shown here is recorded word for word with the decision.
 */
export function ConsentPage({
  context,
  uid,
  clientName,
  ownerName,
  question,
  items,
  offlineAccess,
  errors,
}: ConsentPageProps) {
  return (
    <Layout context={context} title={`Autoriser ${clientName}`} hasErrors={Object.keys(errors).length > 0}>
      <div class="narrow">
        <h1>Autoriser « {clientName} »</h1>
        <p class="lead">{question}</p>
        <p>
          Service proposé par : <strong>{ownerName}</strong>. Vous pourrez retirer cette autorisation à tout moment
          depuis <a href={href(context, '/compte')}>votre compte</a>.
        </p>
        <ErrorSummary errors={errors} />
        <form method="post" action={href(context, `/autorisation/${uid}/consentement`)}>
          <CsrfField token={context.csrfToken} />
          {items.length ? (
            <fieldset class="fieldset consent-list">
              <legend class="field__label">Informations que vous acceptez de transmettre</legend>
              <p class="field__hint">
                Cochez chaque information que vous acceptez de transmettre. Votre identifiant de connexion, propre à ce
                service, est toujours transmis.
              </p>
              {items.map((item, index) => {
                const id = `attribut-${index}`;
                return (
                  <AttributeChoice
                    id={id}
                    attribute={item.attribute}
                    label={ATTRIBUTE_LABELS[item.attribute]}
                    display={item.display}
                    provenance={item.provenance}
                    approved={item.approved}
                  />
                );
              })}
            </fieldset>
          ) : (
            <p>
              Ce service ne demande que votre identifiant de connexion, propre à ce service : aucune autre information
              ne lui sera transmise.
            </p>
          )}
          {offlineAccess.requested ? (
            <div class="field">
              <div class="choice">
                <input
                  class="choice__input"
                  type="checkbox"
                  id="acces-prolonge"
                  name="acces_prolonge"
                  value="oui"
                  checked={offlineAccess.approved}
                  aria-describedby="acces-prolonge-aide"
                />
                <label class="choice__label" for="acces-prolonge">
                  Rester connecté à ce service
                </label>
                <p class="choice__hint" id="acces-prolonge-aide">
                  Le service pourra renouveler son accès à ces informations sans vous redemander de vous connecter,
                  jusqu’à ce que vous retiriez l’autorisation.
                </p>
              </div>
            </div>
          ) : null}
          <div class="button-row">
            <button type="submit" name="decision" value="accepter" class="button button--primary">
              Transmettre les informations cochées
            </button>
            <button type="submit" name="decision" value="refuser" class="button button--secondary">
              Refuser et revenir au service
            </button>
          </div>
        </form>
      </div>
    </Layout>
  );
}
