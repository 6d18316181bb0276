import { formatDateTime } from '../../../platform/views/format.ts';
import {
  Checkbox,
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
import { POLL_EVERY_MINUTES } from '../poll-updates.job.ts';

export type ConnectorPageProps = {
  context: PageContext;
  values: {
    protocol: string;
    endpointUrl: string;
    serviceCode: string;
    jurisdictionId: string;
    enabled: boolean;
    pollEnabled: boolean;
  };
  /** The last four characters of the secret in force, if one is. */
  secretHint: string | null;
  errors: FieldErrors;
  saved: boolean;
  /** Polling's last outcome, when it is on. */
  polling: { lastPolledAt: Date | null; lastError: string | null; lastFailedAt: Date | null } | null;
  deliveries: Array<{
    number: string;
    createdAt: Date;
    state: 'pending' | 'delivered' | 'failed';
    attempts: number;
    reference: string | null;
    lastError: string | null;
  }>;
};

const STATE_LABELS = { pending: 'En cours', delivered: 'Transmise', failed: 'En échec' } as const;

const LABELS = {
  protocol: 'Protocole de votre système',
  endpointUrl: 'Adresse de votre système',
  serviceCode: 'Code de service Open311',
  jurisdictionId: 'jurisdiction_id Open311',
  secret: 'Clé d’API ou secret de signature',
  pollEnabled: 'Relever les mises à jour régulièrement (si votre outil ne peut pas les envoyer)',
};

export function ConnectorPage({ context, values, secretHint, errors, saved, polling, deliveries }: ConnectorPageProps) {
  return (
    <Layout
      context={context}
      title="Connecteur vers votre système"
      hasErrors={Object.keys(errors).length > 0}
      breadcrumbs={[
        { label: 'Accueil', path: '/' },
        { label: 'Administration', path: '/admin' },
      ]}
    >
      <h1>Connecteur vers le système de {context.tenant.name}</h1>
      {saved ? <Notice>Le connecteur est enregistré.</Notice> : null}
      <ErrorSummary errors={errors} labels={LABELS} />
      <p>
        Les demandes qui relèvent de votre commune vous sont transmises par courriel. Avec un connecteur, elles arrivent
        aussi dans votre propre outil, en quelques secondes, et la référence qu’il leur donne est conservée.
      </p>
      <form method="post" action={href(context, '/admin/connecteur')} novalidate>
        <CsrfField token={context.csrfToken} />
        <ChoiceGroup
          kind="radio"
          name="protocol"
          label={LABELS.protocol}
          value={values.protocol}
          error={errors.protocol}
          choices={[
            {
              value: 'open311',
              label: 'Open311 GeoReport v2',
              hint: 'Chaque demande est déposée par « POST requests » avec votre clé d’API.',
            },
            {
              value: 'webhook',
              label: 'Webhook signé (JSON)',
              hint: 'Chaque demande est envoyée en JSON, signée HMAC-SHA256 avec votre secret (en-tête Communs-Signature).',
            },
          ]}
        />
        <TextField
          name="endpointUrl"
          label={LABELS.endpointUrl}
          hint="Pour Open311, l’adresse de base du service (avant « requests.json »), par exemple https://signalements.commune.fr/open311/v2/."
          type="url"
          value={values.endpointUrl}
          error={errors.endpointUrl}
          spellcheck={false}
          maxLength={2000}
        />
        <TextField
          name="serviceCode"
          label={LABELS.serviceCode}
          hint="Le code sous lequel votre système range ces demandes. Vide : l’adresse de la démarche."
          required={false}
          value={values.serviceCode}
          error={errors.serviceCode}
          width="medium"
          spellcheck={false}
          maxLength={100}
        />
        <TextField
          name="jurisdictionId"
          label={LABELS.jurisdictionId}
          hint="Seulement si votre serveur Open311 sert plusieurs collectivités."
          required={false}
          value={values.jurisdictionId}
          error={errors.jurisdictionId}
          width="medium"
          spellcheck={false}
          maxLength={100}
        />
        <Checkbox
          name="pollEnabled"
          label={LABELS.pollEnabled}
          hint={`Open311 seulement. Toutes les ${POLL_EVERY_MINUTES} minutes, la plateforme demande à votre système les mises à jour de suivi (« GET servicerequestupdates.json », avec votre clé d’API) ; chaque mise à jour n’est transmise qu’une fois à l’usager, dans l’ordre où elle a eu lieu.`}
          checked={values.pollEnabled}
          error={errors.pollEnabled}
        />
        <TextField
          name="secret"
          label={LABELS.secret}
          hint={
            secretHint
              ? `Un secret est enregistré (il se termine par « ${secretHint} »). Laissez vide pour le garder.`
              : 'Au moins 16 caractères. Il est conservé chiffré et ne sera plus jamais affiché.'
          }
          type="password"
          autocomplete="off"
          required={!secretHint}
          error={errors.secret}
          spellcheck={false}
          maxLength={500}
        />
        <Checkbox name="enabled" label="Transmettre les demandes à ce système" checked={values.enabled} />
        <SubmitButton>Enregistrer le connecteur</SubmitButton>
      </form>
      {polling ? (
        <>
          <h2>Relevé des mises à jour</h2>
          <p>
            {polling.lastPolledAt
              ? `Dernier relevé réussi : ${formatDateTime(polling.lastPolledAt)}.`
              : 'Aucun relevé n’a encore réussi.'}
          </p>
          {polling.lastError && polling.lastFailedAt ? (
            <p>
              Dernier relevé en échec le {formatDateTime(polling.lastFailedAt)} ({polling.lastError}) : un nouvel essai
              a lieu au prochain passage, sans rien perdre.
            </p>
          ) : null}
        </>
      ) : null}
      <h2>Dernières transmissions</h2>
      {deliveries.length === 0 ? (
        <p>Aucune demande n’a encore été transmise par le connecteur.</p>
      ) : (
        <div class="table-wrapper">
          <table class="table">
            <caption class="visually-hidden">Les dernières demandes transmises à votre système</caption>
            <thead>
              <tr>
                <th scope="col">Demande</th>
                <th scope="col">Reçue le</th>
                <th scope="col">État</th>
                <th scope="col">Essais</th>
                <th scope="col">Votre référence</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.map((d) => (
                <tr>
                  <td>{d.number}</td>
                  <td>{formatDateTime(d.createdAt)}</td>
                  <td>
                    {STATE_LABELS[d.state]}
                    {d.lastError && d.state !== 'delivered' ? ` (${d.lastError})` : ''}
                  </td>
                  <td>{d.attempts}</td>
                  <td>{d.reference ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}
