import {
  ChoiceGroup,
  CsrfField,
  ErrorSummary,
  type FieldErrors,
  Notice,
  SubmitButton,
} from '../../../platform/views/forms.tsx';
import { formatDateTime } from '../../../platform/views/format.ts';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import { KINDS, kindOf } from '../kinds.ts';
import type { Choices } from '../notification-preferences.ts';
import type { NotificationRow } from '../notifications.tables.ts';

const CRUMBS = [{ label: 'Mon compte', path: '/compte' }];

/** The bell's page: the person's notifications, newest first, each leading to its request; unread ones marked. */
export function NotificationsPage({
  context,
  notifications,
}: {
  context: PageContext;
  notifications: NotificationRow[];
}) {
  return (
    <Layout context={context} title="Notifications" breadcrumbs={CRUMBS}>
      <h1>Notifications</h1>
      <p>
        Les nouvelles de vos demandes et de celles que vous traitez. Les afficher ici les marque comme lues.{' '}
        <a href={href(context, '/notifications/preferences')}>Choisir comment être prévenu</a>
      </p>
      {notifications.length === 0 ? (
        <p>Aucune notification pour le moment.</p>
      ) : (
        <ol class="notification-list">
          {notifications.map((n) => (
            <li class={`notification${n.read_at === null ? ' notification--unread' : ''}`}>
              <p class="notification__meta">
                {n.read_at === null ? <strong class="notification__new">Nouvelle · </strong> : null}
                {kindOf(n.kind).badge} ·{' '}
                <time datetime={n.created_at.toISOString()}>{formatDateTime(n.created_at)}</time>
              </p>
              <p class="notification__title">
                <a href={n.path}>{n.title}</a>
              </p>
            </li>
          ))}
        </ol>
      )}
    </Layout>
  );
}

/** Per kind of news, the channels the person wants: in the app (the bell), by e-mail. */
export function NotificationPreferencesPage({
  context,
  choices,
  errors,
  saved,
}: {
  context: PageContext;
  choices: Choices;
  errors: FieldErrors;
  saved: boolean;
}) {
  return (
    <Layout
      context={context}
      title="Préférences de notification"
      hasErrors={Object.keys(errors).length > 0}
      breadcrumbs={[...CRUMBS, { label: 'Notifications', path: '/notifications' }]}
    >
      <h1>Préférences de notification</h1>
      {saved ? <Notice>Vos préférences de notification sont enregistrées.</Notice> : null}
      <ErrorSummary errors={errors} labels={Object.fromEntries(KINDS.map((k) => [k.field, k.label]))} />
      <p>
        Pour chaque sorte de nouvelle, choisissez où la recevoir. Sans choix de votre part, vous la recevez dans
        l’application et par courriel.
      </p>
      <PreferencesForm context={context} choices={choices} errors={errors} />
    </Layout>
  );
}

/** The choices' form: on its own page, or inside the account page and the agents' preferences (`back`). */
export function PreferencesForm({
  context,
  choices,
  errors,
  back,
}: {
  context: PageContext;
  choices: Choices;
  errors: FieldErrors;
  back?: 'compte' | 'gru';
}) {
  return (
    <form method="post" action={href(context, '/notifications/preferences')} novalidate>
      <CsrfField token={context.csrfToken} />
      {back ? <input type="hidden" name="retour" value={back} /> : null}
      {KINDS.map((k) => {
        const choice = choices.find((c) => c.kind === k.kind);
        return (
          <ChoiceGroup
            kind="checkbox"
            name={k.field}
            label={k.label}
            hint={k.hint}
            required={false}
            error={errors[k.field]}
            value={[...(choice?.inApp ? ['application'] : []), ...(choice?.email ? ['courriel'] : [])]}
            choices={[
              { value: 'application', label: 'Dans l’application (lien « Notifications » en haut de page)' },
              { value: 'courriel', label: 'Par courriel' },
            ]}
          />
        );
      })}
      <SubmitButton>Enregistrer mes choix de notification</SubmitButton>
    </form>
  );
}
