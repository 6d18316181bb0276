import {
  ChoiceGroup,
  CsrfField,
  ErrorSummary,
  type FieldErrors,
  Notice,
  SubmitButton,
  TextArea,
  TextField,
} from '../../../platform/views/forms.tsx';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import { formatNumber } from '../../../platform/views/format.ts';

export function OperatorHomePage({ context }: { context: PageContext }) {
  const links: Array<[string, string, string]> = [
    [
      '/admin/communes',
      'Communes et abonnements',
      'Offres Toodego, services partagés, adresses et noms d’hôte de chaque commune.',
    ],
    [
      '/admin/conventions',
      'Conventions',
      'Convention-cadre, annexes, avenants, préavis et échéances de chaque commune.',
    ],
    [
      '/admin/facturation',
      'Facturation',
      'Titres de recette annuels, exports, indices Syntec, simulateur de contributions.',
    ],
    [
      '/admin/studio',
      'Studio des démarches',
      'Formulaires et circuits des services de la Métropole et des services mutualisés, versions, publication.',
    ],
    [
      '/admin/catalogue-cle-en-main',
      'Catalogue clé-en-main',
      'Les démarches de la Métropole que les communes abonnées peuvent choisir, et combien les ont choisies.',
    ],
    [
      '/admin/ecoles',
      'Écoles (espace numérique de travail)',
      'Ouvrir, fermer ou fusionner une école, créer ses administrateurs ; statistiques d’usage des écoles.',
    ],
    ['/admin/gouvernance', 'Gouvernance', 'Comités, réunions bilatérales, tables rondes et leurs comptes rendus.'],
    [
      '/admin/identite',
      'Portails connectés à GrandLyon Connect',
      'Enregistrements des portails (clients OpenID Connect), demandes des communes à approuver, secrets.',
    ],
    [
      '/identite/kit',
      'Kit de connexion GrandLyon Connect',
      'La documentation à transmettre aux communes qui connectent leur portail.',
    ],
    [
      '/admin/open311',
      'Clés d’accès Open311 de la Métropole',
      'Les clés des outils et applications qui déposent des demandes au nom de la Métropole par notre serveur Open311.',
    ],
    [
      '/admin/signalements',
      'Modération des signalements',
      'Masquer ou corriger les contributions publiques contraires à l’ordre public, avec un motif journalisé.',
    ],
    [
      '/admin/droits',
      'Protection des données de la Métropole',
      'Demandes d’exercice des droits et leur échéance, durées de conservation, registre des traitements.',
    ],
    [
      '/admin/statistiques-usage',
      'Statistiques d’usage des communes',
      'Demandes en ligne par commune, par démarche et par trimestre, petits effectifs masqués ; CSV, ODS, open data.',
    ],
    [
      '/admin/incidents',
      'Violations de données et attaques',
      'Les signalements des communes et de la Métropole, l’alerte en 8 heures et le délai CNIL de 72 heures.',
    ],
    [
      '/admin/petale',
      'Espace pétale',
      'La commune de l’espace personnel de documents, son texte de consentement et sa durée de conservation.',
    ],
    ['/admin/journal', "Journal d'audit", 'Toutes les actions administratives : qui, quoi, quand, d’où.'],
    [
      '/admin/courriels',
      'Courriels envoyés',
      'La boîte d’envoi de développement (quand aucun serveur SMTP n’est configuré).',
    ],
    [
      '/admin/sms',
      'SMS envoyés',
      'Les SMS de notification aux usagers, conservés tant qu’aucun fournisseur d’envoi n’est configuré.',
    ],
    ['/admin/taches', 'Tâches de fond', 'Files de tâches, échecs et relances.'],
  ];
  return (
    <Layout context={context} title="Administration" breadcrumbs={[{ label: 'Accueil', path: '/' }]}>
      <h1>Administration de la plateforme</h1>
      <ul class="link-list">
        {links.map(([path, label, description]) => (
          <li>
            <a href={href(context, path)}>{label}</a>
            <p class="muted">{description}</p>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export type OperatorCommuneRow = { name: string; slug: string; population: number; toodego: string; services: string };

export function OperatorCommunesPage({ context, communes }: { context: PageContext; communes: OperatorCommuneRow[] }) {
  return (
    <Layout
      context={context}
      title="Communes et abonnements"
      breadcrumbs={[
        { label: 'Accueil', path: '/' },
        { label: 'Administration', path: '/admin' },
      ]}
    >
      <h1>Communes et abonnements</h1>
      <div class="table-wrapper">
        <table class="table">
          <caption class="visually-hidden">Abonnements des communes</caption>
          <thead>
            <tr>
              <th scope="col">Commune</th>
              <th scope="col" class="numeric">
                Population
              </th>
              <th scope="col">Toodego</th>
              <th scope="col">Autres services</th>
            </tr>
          </thead>
          <tbody>
            {communes.map((c) => (
              <tr>
                <th scope="row">
                  <a href={href(context, `/admin/communes/${c.slug}`)}>{c.name}</a>
                </th>
                <td class="numeric">{formatNumber(c.population)}</td>
                <td>{c.toodego}</td>
                <td>{c.services || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

export type CommuneSubscriptionForm = {
  toodego: string;
  services: string[];
  contactEmail: string;
  hostNames: string;
};

export type OperatorCommuneProps = {
  context: PageContext;
  commune: { name: string; slug: string; inseeCode: string | null; siren: string | null; population: number | null };
  values: CommuneSubscriptionForm;
  errors: FieldErrors;
  saved: boolean;
  testInstanceSlug: string | null;
};

export function OperatorCommunePage({
  context,
  commune,
  values,
  errors,
  saved,
  testInstanceSlug,
}: OperatorCommuneProps) {
  return (
    <Layout
      context={context}
      title={commune.name}
      hasErrors={Object.keys(errors).length > 0}
      breadcrumbs={[
        { label: 'Accueil', path: '/' },
        { label: 'Administration', path: '/admin' },
        { label: 'Communes', path: '/admin/communes' },
      ]}
    >
      <h1>{commune.name}</h1>
      {saved ? <Notice>Les abonnements de la commune sont enregistrés.</Notice> : null}
      <ErrorSummary errors={errors} />
      <dl class="summary-list">
        <div>
          <dt>Code INSEE</dt>
          <dd>{commune.inseeCode}</dd>
        </div>
        <div>
          <dt>SIREN</dt>
          <dd>{commune.siren}</dd>
        </div>
        <div>
          <dt>Population</dt>
          <dd>{commune.population !== null ? formatNumber(commune.population) : '—'}</dd>
        </div>
        <div>
          <dt>Administration de la commune</dt>
          <dd>
            <ul class="link-list">
              <li>
                <a href={`/c/${commune.slug}/admin`}>Accueil de son administration</a>
              </li>
              {values.toodego === 'partenaire' || values.toodego === 'abonne' ? (
                <li>
                  <a href={`/c/${commune.slug}/admin/agents`}>Agents et rôles</a>
                </li>
              ) : null}
              <li>
                <a href={`/c/${commune.slug}/admin/sortie`}>Changement d'offre et sortie (archive, transfert)</a>
              </li>
            </ul>
          </dd>
        </div>
        {testInstanceSlug ? (
          <div>
            <dt>Instance de test</dt>
            <dd>
              <a href={`/c/${testInstanceSlug}/`}>/c/{testInstanceSlug}/</a>
            </dd>
          </div>
        ) : null}
      </dl>
      <form method="post" action={href(context, `/admin/communes/${commune.slug}`)} novalidate>
        <CsrfField token={context.csrfToken} />
        <ChoiceGroup
          kind="radio"
          name="toodego"
          label="Offre Toodego"
          hint="État actuel de l'adhésion. Un changement contractuel d'offre suit le préavis de la convention."
          value={values.toodego}
          error={errors.toodego}
          choices={[
            {
              value: 'partenaire',
              label: 'Partenaire',
              hint: 'Instance communale (production et test), e-services propres, GRU.',
            },
            {
              value: 'abonne',
              label: 'Abonné',
              hint: 'Catalogue de démarches clés en main, GRU, agents gérés par la Métropole.',
            },
            { value: 'connecte', label: 'Connecté', hint: 'Connecteurs vers la GRU de la commune, sans GRU Toodego.' },
            { value: 'none', label: 'Non adhérente' },
          ]}
        />
        <ChoiceGroup
          kind="checkbox"
          name="services"
          label="Autres services partagés"
          required={false}
          value={values.services}
          error={errors.services}
          choices={[
            { value: 'laclasse', label: 'laclasse.com (espace numérique de travail)' },
            { value: 'opendata', label: 'data.grandlyon.com (open data)' },
            { value: 'geonet', label: 'Geonet (SIG)' },
          ]}
        />
        <TextField
          name="contactEmail"
          label="Adresse de contact de la commune"
          hint="Reçoit les demandes transmises par la Métropole et les avis importants."
          type="email"
          required={false}
          value={values.contactEmail}
          error={errors.contactEmail}
          spellcheck={false}
        />
        <TextArea
          name="hostNames"
          label="Noms d'hôte de l'instance"
          hint="Un par ligne, par exemple demarches.givors.fr. Chacun ouvre directement l'instance de la commune."
          required={false}
          rows={3}
          value={values.hostNames}
          error={errors.hostNames}
        />
        <SubmitButton>Enregistrer</SubmitButton>
      </form>
    </Layout>
  );
}
