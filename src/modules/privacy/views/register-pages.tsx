import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import type { Processing } from '../register.ts';
import { RIGHT_KINDS, RIGHT_LABELS } from '../rights.ts';
import { DPO_CRUMBS, DpoNav } from './dpo-pages.tsx';

function ProcessingFacts({ processing: p, withBasis }: { processing: Processing; withBasis: boolean }) {
  return (
    <dl class="summary-list">
      <div>
        <dt>Finalité</dt>
        <dd>{p.purpose}</dd>
      </div>
      {withBasis ? (
        <div>
          <dt>Base légale</dt>
          <dd>{p.legalBasis}</dd>
        </div>
      ) : null}
      <div>
        <dt>Données</dt>
        <dd>{p.categories.join(', ')}</dd>
      </div>
      <div>
        <dt>Destinataires</dt>
        <dd>{p.recipients.join(' ; ')}</dd>
      </div>
      <div>
        <dt>Durée de conservation</dt>
        <dd>{p.retention}</dd>
      </div>
    </dl>
  );
}

/** The register of processing (issue 17 §7), generated from the services' definitions. */
export function RegisterPage(props: { context: PageContext; register: Processing[] }) {
  const { context, register } = props;
  return (
    <Layout context={context} title="Registre des traitements" breadcrumbs={DPO_CRUMBS}>
      <h1>Registre des traitements</h1>
      <DpoNav context={context} />
      <p>
        Responsable de traitement : <strong>{context.tenant.name}</strong>. Le registre est établi à partir de la
        définition de chaque service (formulaire, paramètres, règle de conservation) : il suit leurs modifications.
      </p>
      <p>
        Exporter : <a href={href(context, '/admin/registre.csv')}>CSV</a>,{' '}
        <a href={href(context, '/admin/registre.ods')}>tableur ODS</a>.
      </p>
      {register.map((p) => (
        <section aria-labelledby={`traitement-${p.id}`}>
          <h2 id={`traitement-${p.id}`}>{p.name}</h2>
          <ProcessingFacts processing={p} withBasis />
          {p.ownService ? (
            <p>
              <a href={href(context, `/admin/registre/${p.id}/consentements.csv`)}>
                Archive des consentements au pré-remplissage (CSV)
                <span class="visually-hidden"> : {p.name}</span>
              </a>
            </p>
          ) : null}
        </section>
      ))}
    </Layout>
  );
}

/** The privacy notice of the instance (issue 17 §1): who is responsible, what is kept and how long, the rights. */
export function PrivacyNoticePage(props: { context: PageContext; register: Processing[] }) {
  const { context, register } = props;
  return (
    <Layout context={context} title="Données personnelles" breadcrumbs={[{ label: 'Accueil', path: '/' }]}>
      <h1>Données personnelles</h1>
      <p>
        Le responsable des données traitées sur cette instance est <strong>{context.tenant.name}</strong>. La Métropole
        de Lyon héberge la plateforme pour toutes les communes ; chaque commune est responsable des données de sa propre
        instance.
      </p>
      <h2>Vos droits</h2>
      <p>Vous pouvez demander, auprès du délégué à la protection des données de {context.tenant.name} :</p>
      <ul>
        {RIGHT_KINDS.map((k) => (
          <li>{RIGHT_LABELS[k]}</li>
        ))}
      </ul>
      <p>
        <a class="button button--primary" href={href(context, '/compte/droits')}>
          Exercer mes droits
        </a>
      </p>
      <p>
        Une réponse vous est apportée dans un délai d’un mois, prolongeable de deux mois au plus avec information des
        motifs. Vous pouvez aussi adresser une réclamation à la CNIL (www.cnil.fr).
      </p>
      <h2>Traitements</h2>
      {register.map((p) => (
        <section aria-labelledby={`traitement-${p.id}`}>
          <h3 id={`traitement-${p.id}`}>{p.name}</h3>
          <ProcessingFacts processing={p} withBasis={false} />
        </section>
      ))}
    </Layout>
  );
}
