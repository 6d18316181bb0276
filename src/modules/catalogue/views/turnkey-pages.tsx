import {
  ChoiceGroup,
  CsrfField,
  ErrorSummary,
  type FieldErrors,
  Notice,
  SubmitButton,
  TextField,
} from '../../../platform/views/forms.tsx';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';

const ADMIN_TRAIL = [
  { label: 'Accueil', path: '/' },
  { label: 'Administration', path: '/admin' },
];

export type ModelRow = { id: string; title: string; summary: string; turnkey: boolean; instances: number };

/** The operators' curation: which of the metropolis's services Abonné communes may pick. */
export function OperatorTurnkeyPage({
  context,
  models,
  notice,
}: {
  context: PageContext;
  models: ModelRow[];
  notice: string | null;
}) {
  return (
    <Layout context={context} title="Catalogue clé-en-main" breadcrumbs={ADMIN_TRAIL}>
      <h1>Catalogue clé-en-main des communes abonnées</h1>
      {notice ? <Notice>{notice}</Notice> : null}
      <p>
        Les communes à l'offre Abonné choisissent leurs démarches dans ce catalogue : le formulaire et le circuit de
        traitement sont ceux de la Métropole, figés, et chaque mise à jour publiée ici s'applique à toutes les communes
        qui l'ont choisie.
      </p>
      {models.length === 0 ? (
        <p>La Métropole n'a pas encore de démarche publiée qui puisse servir de modèle.</p>
      ) : (
        <div class="table-wrapper">
          <table class="table">
            <caption class="visually-hidden">Démarches de la Métropole et leur place au catalogue clé-en-main</caption>
            <thead>
              <tr>
                <th scope="col">Démarche</th>
                <th scope="col">Au catalogue</th>
                <th scope="col">Communes</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {models.map((m) => (
                <tr key={m.id}>
                  <th scope="row">
                    {m.title}
                    <br />
                    <span class="hint">{m.summary}</span>
                  </th>
                  <td>{m.turnkey ? 'Oui' : 'Non'}</td>
                  <td>{m.instances}</td>
                  <td>
                    <form
                      method="post"
                      action={href(context, `/admin/catalogue-cle-en-main/${m.id}`)}
                      class="inline-form"
                    >
                      <CsrfField token={context.csrfToken} />
                      <input type="hidden" name="turnkey" value={m.turnkey ? 'non' : 'oui'} />
                      <button type="submit" class="button button--secondary">
                        {m.turnkey ? 'Retirer du catalogue' : 'Proposer aux communes abonnées'}
                        <span class="visually-hidden"> : {m.title}</span>
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

export type CommuneTurnkeyPageProps = {
  context: PageContext;
  communeName: string;
  models: Array<{ id: string; title: string; summary: string }>;
  instances: Array<{ title: string; href: string }>;
  values: { model: string; officeName: string; officeEmail: string; officePhone: string };
  errors: FieldErrors;
  notice: string | null;
};

/** An Abonné commune's administrator picks turnkey services; those already picked link to their pages. */
export function CommuneTurnkeyPage(props: CommuneTurnkeyPageProps) {
  const { context, values, errors } = props;
  return (
    <Layout
      context={context}
      title="Démarches clé-en-main"
      hasErrors={Object.keys(errors).length > 0}
      breadcrumbs={ADMIN_TRAIL}
    >
      <h1>Démarches clé-en-main de {props.communeName}</h1>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      <h2>Démarches proposées par la commune</h2>
      {props.instances.length ? (
        <ul>
          {props.instances.map((i) => (
            <li key={i.href}>
              <a href={i.href}>{i.title}</a> (formulaire et circuit de la Métropole, mis à jour par elle)
            </li>
          ))}
        </ul>
      ) : (
        <p>La commune ne propose encore aucune démarche clé-en-main.</p>
      )}
      <h2>Ajouter une démarche</h2>
      <ErrorSummary errors={errors} />
      {props.models.length === 0 ? (
        <p>Toutes les démarches du catalogue sont déjà proposées par la commune.</p>
      ) : (
        <>
          <p>
            La démarche s'ouvre aussitôt sur l'instance de la commune, à ses couleurs ; les demandes arrivent à ses
            agents. Son formulaire et son circuit restent ceux de la Métropole.
          </p>
          <form method="post" action={href(context, '/admin/demarches-cle-en-main')} novalidate>
            <CsrfField token={context.csrfToken} />
            <ChoiceGroup
              kind="radio"
              name="model"
              label="Démarche du catalogue"
              choices={props.models.map((m) => ({ value: m.id, label: m.title, hint: m.summary }))}
              value={values.model}
              error={errors.model}
            />
            <TextField
              name="officeName"
              label="Service de la commune qui traite les demandes"
              hint="Il figure sur l'accusé de réception, par exemple « Mairie — service population »."
              value={values.officeName}
              error={errors.officeName}
              maxLength={200}
            />
            <TextField
              name="officeEmail"
              type="email"
              label="Adresse électronique du service"
              value={values.officeEmail}
              error={errors.officeEmail}
              autocomplete="off"
            />
            <TextField
              name="officePhone"
              type="tel"
              label="Téléphone du service"
              value={values.officePhone}
              error={errors.officePhone}
              width="medium"
              autocomplete="off"
            />
            <SubmitButton>Ajouter la démarche</SubmitButton>
          </form>
        </>
      )}
    </Layout>
  );
}
