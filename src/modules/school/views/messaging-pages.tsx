import {
  ChoiceGroup,
  CsrfField,
  type FieldErrors,
  FileField,
  Notice,
  SubmitButton,
  TextArea,
  TextField,
} from '../../../platform/views/forms.tsx';
import { formatDateTime } from '../../../platform/views/format.ts';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import type { MessageLine, ReportLine, Suspension } from '../messaging/messaging.repo.ts';
import { SpacePage, type SchoolRef } from './spaces-layout.tsx';

const SERVICE = { label: 'Messagerie', path: 'messagerie' };

/** The French notice of a suspended messaging: who suspended it, and that reading stays possible. */
export function suspensionText(suspension: Suspension): string {
  return suspension.scope === 'global'
    ? `La messagerie de toutes les écoles est suspendue par la Métropole depuis le ${formatDateTime(suspension.since)} : aucun message ne peut être envoyé. Vous pouvez toujours lire vos messages.`
    : `La messagerie de l'école est suspendue par son administration depuis le ${formatDateTime(suspension.since)} : aucun message ne peut être envoyé. Vous pouvez toujours lire vos messages.`;
}

export function MailboxPage(props: {
  context: PageContext;
  school: SchoolRef;
  box: 'received' | 'sent';
  lines: MessageLine[];
  suspension: Suspension | undefined;
  moderates: boolean;
  openReports: number;
  notice?: string | undefined;
}) {
  const { context, school } = props;
  const base = `/ecole/${school.uai}/messagerie`;
  return (
    <SpacePage
      context={context}
      school={school}
      title={props.box === 'received' ? 'Messagerie : messages reçus' : 'Messagerie : messages envoyés'}
      notice={props.notice}
      warning={props.suspension ? suspensionText(props.suspension) : undefined}
    >
      <ul class="link-list">
        {props.suspension ? null : (
          <li>
            <a href={href(context, `${base}/nouveau`)}>Écrire un message</a>
          </li>
        )}
        <li>
          {props.box === 'received' ? (
            <a href={href(context, `${base}/envoyes`)}>Messages envoyés</a>
          ) : (
            <a href={href(context, base)}>Messages reçus</a>
          )}
        </li>
        {props.moderates ? (
          <li>
            <a href={href(context, `${base}/moderation`)}>
              Signalements et suspension de la messagerie ({props.openReports} signalement
              {props.openReports > 1 ? 's' : ''} à traiter)
            </a>
          </li>
        ) : null}
      </ul>
      {props.lines.length ? (
        <div class="table-wrapper">
          <table class="table">
            <caption>{props.box === 'received' ? 'Messages reçus' : 'Messages envoyés'}</caption>
            <thead>
              <tr>
                <th scope="col">Objet</th>
                <th scope="col">{props.box === 'received' ? 'De' : 'À'}</th>
                <th scope="col">Date</th>
              </tr>
            </thead>
            <tbody>
              {props.lines.map((m) => (
                <tr>
                  <td>
                    <a href={href(context, `${base}/${m.id}`)}>{m.subject}</a>
                    {m.unread ? <strong> (non lu)</strong> : null}
                    {m.hasAttachment ? ' (pièce jointe)' : null}
                  </td>
                  <td>{props.box === 'received' ? m.sender : m.recipients.join(', ')}</td>
                  <td>{formatDateTime(m.sentAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>Aucun message.</p>
      )}
    </SpacePage>
  );
}

/** Each group of recipients is its own set of checkboxes (unique ids); the route reads them all. */
export const recipientField = (index: number) => (index === 0 ? 'destinataires' : `destinataires-g${index}`);

export type RecipientGroup = { label: string; people: Array<{ id: string; name: string }> };

export type ComposePageProps = {
  context: PageContext;
  school: SchoolRef;
  groups: RecipientGroup[];
  values: Record<string, string | string[]>;
  errors: FieldErrors;
  suspension: Suspension | undefined;
};

export function ComposePage(props: ComposePageProps) {
  const { context, school, values, errors } = props;
  const text = (name: string) => (typeof values[name] === 'string' ? values[name] : '');
  return (
    <SpacePage
      context={context}
      school={school}
      service={SERVICE}
      title="Écrire un message"
      errors={errors}
      warning={props.suspension ? suspensionText(props.suspension) : undefined}
    >
      {props.suspension ? null : props.groups.length === 0 ? (
        <p>Personne dans l'école ne peut recevoir vos messages pour le moment.</p>
      ) : (
        <form method="post" action={href(context, `/ecole/${school.uai}/messagerie`)} enctype="multipart/form-data">
          <CsrfField token={context.csrfToken} />
          <p>
            Vous pouvez écrire aux personnes de l'école que les règles de la messagerie vous permettent de joindre (par
            exemple, un élève écrit à ses enseignants et à l'équipe de l'école).
          </p>
          {props.groups.map((group, index) => (
            <ChoiceGroup
              name={recipientField(index)}
              kind="checkbox"
              label={group.label}
              required={false}
              error={index === 0 ? errors.destinataires : undefined}
              choices={group.people.map((p) => ({ value: p.id, label: p.name }))}
              value={values[recipientField(index)] ?? []}
            />
          ))}
          <TextField name="objet" label="Objet" value={text('objet')} maxLength={200} error={errors.objet} />
          <TextArea
            name="texte"
            label="Message"
            value={text('texte')}
            maxLength={10000}
            rows={8}
            error={errors.texte}
          />
          <FileField
            name="piece"
            label="Pièce jointe"
            required={false}
            hint="Une image, un PDF ou un document bureautique, 5 Mo au plus."
            error={errors.piece}
          />
          <SubmitButton>Envoyer</SubmitButton>
        </form>
      )}
    </SpacePage>
  );
}

export function MessagePage(props: {
  context: PageContext;
  school: SchoolRef;
  message: {
    id: string;
    subject: string;
    body: string;
    sender: string;
    recipients: string[];
    sentAt: Date;
    attachment: { name: string; size: number } | null;
  };
  mayReport: boolean;
  notice?: string | undefined;
  errors?: FieldErrors;
}) {
  const { context, school, message } = props;
  const base = `/ecole/${school.uai}/messagerie/${message.id}`;
  return (
    <SpacePage
      context={context}
      school={school}
      service={SERVICE}
      title={message.subject}
      notice={props.notice}
      errors={props.errors ?? {}}
    >
      <p>
        De <strong>{message.sender}</strong> à {message.recipients.join(', ')}, le {formatDateTime(message.sentAt)}.
      </p>
      <div class="message-body">
        {message.body.split(/\n{2,}/).map((paragraph) => (
          <p>{paragraph}</p>
        ))}
      </div>
      {message.attachment ? (
        <p>
          Pièce jointe : <a href={href(context, `${base}/piece`)}>{message.attachment.name}</a> (
          {Math.ceil(message.attachment.size / 1024)} Ko)
        </p>
      ) : null}
      {props.mayReport ? (
        <section aria-labelledby="titre-signaler">
          <h2 id="titre-signaler">Signaler ce message</h2>
          <p>
            Un message menaçant, insultant ou inquiétant ? Signalez-le : l'administration de l'école le recevra tel
            qu'il a été envoyé.
          </p>
          <form method="post" action={href(context, `${base}/signalement`)}>
            <CsrfField token={context.csrfToken} />
            <TextArea
              name="motif"
              label="Pourquoi le signalez-vous ?"
              maxLength={2000}
              rows={3}
              error={props.errors?.motif}
            />
            <SubmitButton variant="danger">Signaler le message</SubmitButton>
          </form>
        </section>
      ) : null}
    </SpacePage>
  );
}

export function ModerationPage(props: {
  context: PageContext;
  school: SchoolRef;
  own: Suspension | undefined;
  global: Suspension | undefined;
  reports: ReportLine[];
  notice?: string | undefined;
}) {
  const { context, school } = props;
  const base = `/ecole/${school.uai}/messagerie`;
  return (
    <SpacePage
      context={context}
      school={school}
      service={SERVICE}
      title="Signalements et suspension de la messagerie"
      notice={props.notice}
      warning={props.global ? suspensionText(props.global) : undefined}
    >
      <section aria-labelledby="titre-suspension">
        <h2 id="titre-suspension">Suspendre la messagerie de l'école</h2>
        <p>
          {props.own
            ? `La messagerie de l'école est suspendue depuis le ${formatDateTime(props.own.since)} (par ${props.own.by}) : personne ne peut envoyer de message.`
            : "La messagerie de l'école fonctionne. La suspendre arrête immédiatement tout envoi ; les messages déjà reçus restent lisibles."}
        </p>
        <form method="post" action={href(context, `${base}/suspension`)}>
          <CsrfField token={context.csrfToken} />
          <input type="hidden" name="etat" value={props.own ? 'retablir' : 'suspendre'} />
          <SubmitButton variant={props.own ? 'primary' : 'danger'}>
            {props.own ? 'Rétablir la messagerie' : 'Suspendre la messagerie'}
          </SubmitButton>
        </form>
      </section>
      <section aria-labelledby="titre-signalements">
        <h2 id="titre-signalements">Messages signalés</h2>
        {props.reports.length === 0 ? <p>Aucun message n'a été signalé.</p> : null}
        {props.reports.map((r) => (
          <article class="report">
            <h3>
              « {r.evidence.subject} » de {r.evidence.sender} ({r.evidence.senderProfile})
            </h3>
            <p>
              Signalé par {r.reporter} le {formatDateTime(r.reportedAt)} : {r.reason}
            </p>
            <p>
              Envoyé le {formatDateTime(new Date(r.evidence.sentAt))} à {r.evidence.recipients.join(', ')}.
            </p>
            <blockquote>
              {r.evidence.body.split(/\n{2,}/).map((paragraph) => (
                <p>{paragraph}</p>
              ))}
            </blockquote>
            {r.evidence.attachment ? (
              <p>
                Pièce jointe conservée :{' '}
                <a href={href(context, `${base}/${r.messageId}/piece`)}>{r.evidence.attachment.name}</a>
              </p>
            ) : null}
            {r.closedAt ? (
              <p>
                Traité le {formatDateTime(r.closedAt)} par {r.closedBy}.
              </p>
            ) : (
              <form method="post" action={href(context, `${base}/signalements/${r.id}/traite`)}>
                <CsrfField token={context.csrfToken} />
                <SubmitButton variant="secondary">Marquer comme traité</SubmitButton>
              </form>
            )}
          </article>
        ))}
      </section>
    </SpacePage>
  );
}

/** The metropolis's kill switch of every school's messaging. */
export function GlobalSwitchPage(props: {
  context: PageContext;
  suspension: Suspension | undefined;
  notice?: string | undefined;
}) {
  const { context, suspension } = props;
  return (
    <Layout
      context={context}
      title="Messagerie des écoles"
      breadcrumbs={[
        { label: 'Accueil', path: '/' },
        { label: 'Écoles', path: '/admin/ecoles' },
      ]}
    >
      <h1>Messagerie des écoles</h1>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      <p>
        {suspension
          ? `La messagerie de toutes les écoles est suspendue depuis le ${formatDateTime(suspension.since)} (par ${suspension.by}).`
          : "La messagerie des écoles fonctionne. La suspendre arrête immédiatement tout envoi dans toutes les écoles (comme en mars 2024, après des menaces envoyées depuis des comptes d'élèves piratés) ; chaque école peut aussi suspendre la sienne."}
      </p>
      <form method="post" action={href(context, '/admin/ecoles/messagerie')}>
        <CsrfField token={context.csrfToken} />
        <input type="hidden" name="etat" value={suspension ? 'retablir' : 'suspendre'} />
        <SubmitButton variant={suspension ? 'primary' : 'danger'}>
          {suspension ? 'Rétablir la messagerie de toutes les écoles' : 'Suspendre la messagerie de toutes les écoles'}
        </SubmitButton>
      </form>
    </Layout>
  );
}
