import type { VNode } from 'preact';
import {
  ChoiceGroup,
  CsrfField,
  ErrorSummary,
  type FieldErrors,
  Notice,
  Select,
} from '../../../platform/views/forms.tsx';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import type { NewRequestNotification } from '../backoffice.tables.ts';
import { GRU_CRUMBS, GruNav } from './gru-nav.tsx';

/** How the agent hears of new requests. */
export function PreferencesPage({
  context,
  tenantName,
  values,
  errors,
  saved,
  notificationPreferences,
}: {
  context: PageContext;
  tenantName: string;
  values: { newRequests: NewRequestNotification; digestHour: number };
  errors: FieldErrors;
  saved: boolean;
  /** The choice of notification channels per kind, drawn by the module that keeps them. */
  notificationPreferences?: ((context: PageContext) => VNode) | undefined;
}) {
  return (
    <Layout
      context={context}
      title="Mes notifications"
      hasErrors={Object.keys(errors).length > 0}
      breadcrumbs={GRU_CRUMBS}
    >
      <GruNav context={context} current="preferences" onPage />
      <h1>Mes notifications — {tenantName}</h1>
      {saved ? <Notice>Vos préférences sont enregistrées.</Notice> : null}
      <ErrorSummary errors={errors} labels={{ nouvelles: 'Nouvelles demandes', heure: 'Heure du récapitulatif' }} />
      <form method="post" action={href(context, '/gru/preferences')} novalidate>
        <CsrfField token={context.csrfToken} />
        <ChoiceGroup
          kind="radio"
          name="nouvelles"
          label={`Quand une nouvelle demande relève de ${tenantName}`}
          value={values.newRequests}
          error={errors.nouvelles}
          choices={[
            {
              value: 'immediate',
              label: 'Me prévenir à chaque demande',
              hint: 'Un courriel par demande, dès son dépôt.',
            },
            {
              value: 'digest',
              label: 'Un récapitulatif par jour',
              hint: 'Un courriel listant les demandes des dernières 24 heures, à l’heure choisie ci-dessous.',
            },
            { value: 'none', label: 'Ne pas me prévenir', hint: 'Vous consultez la liste des demandes vous-même.' },
          ]}
        />
        <Select
          name="heure"
          label="Heure du récapitulatif"
          hint="Heure de Paris ; sert au récapitulatif quotidien seulement."
          value={String(values.digestHour)}
          error={errors.heure}
          choices={Array.from({ length: 24 }, (_, h) => ({ value: String(h), label: `${h} h` }))}
        />
        <button type="submit" class="button button--primary">
          Enregistrer
        </button>
      </form>
      {notificationPreferences ? (
        <>
          <h2>Messages, étapes et échéances des demandes</h2>
          <p>Messages des usagers, avis des circuits et échéances des demandes que vous traitez : où les recevoir.</p>
          {notificationPreferences(context)}
        </>
      ) : null}
    </Layout>
  );
}
