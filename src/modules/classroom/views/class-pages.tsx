import { formatCalendarDate } from '../../../platform/paris-time.ts';
import {
  ChoiceGroup,
  Checkbox,
  CsrfField,
  DateField,
  ErrorSummary,
  type FieldErrors,
  Notice,
  SubmitButton,
  TextArea,
  TextField,
} from '../../../platform/views/forms.tsx';
import { formatDate } from '../../../platform/views/format.ts';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import type { ClassSession, Mark, Post } from '../classroom.tables.ts';

export const schoolCrumbs = (school: { uai: string; name: string }) => [
  { label: 'Accueil', path: '/' },
  { label: 'Écoles', path: '/ecole' },
  { label: school.name, path: `/ecole/${school.uai}` },
];

type SchoolRef = { uai: string; name: string };

/** Paragraphs of a text typed with blank lines between them. */
export function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text.split(/\n{2,}/).map((p) => (
        <p>{p}</p>
      ))}
    </>
  );
}

/** The classes a member may open, and the ways to the absences and the projects. */
export function ClassesPage(props: {
  context: PageContext;
  school: SchoolRef;
  classes: Array<{ id: string; name: string }>;
  children: Array<{ name: string; groupIds: string[] }>;
}) {
  const { context, school } = props;
  const link = (c: { id: string; name: string }) => (
    <a href={href(context, `/ecole/${school.uai}/classes/${c.id}`)}>{c.name}</a>
  );
  return (
    <Layout context={context} title={`Classes – ${school.name}`} breadcrumbs={schoolCrumbs(school)}>
      <h1>Cahier de textes et vie de la classe</h1>
      {props.children.length ? (
        <ul class="link-list">
          {props.children.map((child) => (
            <li>
              {child.name} :{' '}
              {props.classes
                .filter((c) => child.groupIds.includes(c.id))
                .map((c, i) => (
                  <>
                    {i ? ', ' : ''}
                    {link(c)}
                  </>
                ))}
            </li>
          ))}
        </ul>
      ) : props.classes.length ? (
        <ul class="link-list">
          {props.classes.map((c) => (
            <li>{link(c)}</li>
          ))}
        </ul>
      ) : (
        <p>Aucune classe ne vous est ouverte dans cette école.</p>
      )}
      <ul class="link-list">
        <li>
          <a href={href(context, `/ecole/${school.uai}/absences`)}>Absences et retards</a>
        </li>
        <li>
          <a href={href(context, `/ecole/${school.uai}/projets`)}>Classes culturelles numériques (projets)</a>
        </li>
      </ul>
    </Layout>
  );
}

const NOTICES = {
  seance: 'La séance est enregistrée dans le cahier de textes.',
  publication: 'La publication de la séance est modifiée.',
  appel: "L'appel est enregistré ; les parents des élèves absents ou en retard sont prévenus par courriel.",
  actualite: "L'actualité de la classe est publiée.",
} as const;
export type ClassNotice = keyof typeof NOTICES;

export function ClassPage(props: {
  context: PageContext;
  school: SchoolRef;
  group: { id: string; name: string };
  notice: ClassNotice | undefined;
  teaches: boolean;
  sessions: ClassSession[];
  news: Post[];
  projects: Array<{ id: string; title: string }>;
  /** The session form as sent, redrawn with its errors. */
  sessionForm?: { values: Record<string, string | string[]>; errors: FieldErrors };
}) {
  const { context, school, group } = props;
  const base = `/ecole/${school.uai}/classes/${group.id}`;
  const errors = props.sessionForm?.errors ?? {};
  const sent = props.sessionForm?.values;
  const value = (name: string) => {
    const v = sent?.[name];
    return typeof v === 'string' ? v : '';
  };
  const date = (name: string) =>
    sent ? { jour: value(`${name}.jour`), mois: value(`${name}.mois`), annee: value(`${name}.annee`) } : undefined;
  return (
    <Layout
      context={context}
      hasErrors={Object.keys(errors).length > 0}
      title={`${group.name} – ${school.name}`}
      breadcrumbs={[...schoolCrumbs(school), { label: 'Classes', path: `/ecole/${school.uai}/classes` }]}
    >
      <h1>Classe {group.name}</h1>
      {props.notice ? <Notice>{NOTICES[props.notice]}</Notice> : null}

      <section aria-labelledby="titre-cahier">
        <h2 id="titre-cahier">Cahier de textes</h2>
        {props.sessions.length ? (
          props.sessions.map((s) => (
            <article class="news">
              <h3>
                {formatCalendarDate(s.day)}, {s.starts_at.replace(':', ' h ')} — {s.subject}
              </h3>
              {props.teaches ? (
                <p class="news__meta">
                  {s.published ? 'Publiée' : 'Non publiée : les élèves et les parents ne la voient pas'} —{' '}
                  {s.author_label}
                  {s.register_taken_at ? ' — appel fait' : ''}
                </p>
              ) : null}
              <Paragraphs text={s.content} />
              {s.homework && s.homework_due ? (
                <p>
                  <strong>Travail à faire pour le {formatCalendarDate(s.homework_due)} :</strong> {s.homework}
                </p>
              ) : null}
              {props.teaches ? (
                <div class="actions">
                  <a class="button button--secondary" href={href(context, `${base}/seances/${s.id}/appel`)}>
                    Faire l'appel<span class="visually-hidden"> de la séance du {formatCalendarDate(s.day)}</span>
                  </a>
                  <form method="post" action={href(context, `${base}/seances/${s.id}/publication`)}>
                    <CsrfField token={context.csrfToken} />
                    <input type="hidden" name="publiee" value={s.published ? 'non' : 'oui'} />
                    <button type="submit" class="button button--secondary">
                      {s.published ? 'Retirer la publication' : 'Publier'}
                      <span class="visually-hidden"> de la séance du {formatCalendarDate(s.day)}</span>
                    </button>
                  </form>
                </div>
              ) : null}
            </article>
          ))
        ) : (
          <p>Aucune séance {props.teaches ? '' : 'publiée '}pour le moment.</p>
        )}
        {props.teaches ? (
          <>
            <h3 id="ajouter-seance">Ajouter une séance</h3>
            <ErrorSummary errors={errors} />
            <form method="post" action={href(context, `${base}/seances`)} aria-labelledby="ajouter-seance">
              <CsrfField token={context.csrfToken} />
              <DateField name="jour" label="Jour de la séance" value={date('jour')} error={errors['jour']} />
              <TextField
                name="heure"
                label="Heure de début"
                hint="Par exemple : 08:30"
                value={value('heure')}
                error={errors['heure']}
              />
              <TextField
                name="matiere"
                label="Matière"
                maxLength={100}
                value={value('matiere')}
                error={errors['matiere']}
              />
              <TextArea
                name="contenu"
                label="Contenu de la séance"
                maxLength={5000}
                value={value('contenu')}
                error={errors['contenu']}
              />
              <TextArea
                name="devoirs"
                label="Travail à faire"
                required={false}
                maxLength={2000}
                value={value('devoirs')}
                error={errors['devoirs']}
              />
              <DateField
                name="pour_le"
                label="Pour le"
                required={false}
                hint="À remplir avec le travail à faire. Par exemple : 14 7 2026"
                value={date('pour_le')}
                error={errors['pour_le']}
              />
              <Checkbox
                name="publier"
                label="Publier pour les élèves et les parents"
                checked={sent ? value('publier') === 'oui' : true}
              />
              <SubmitButton>Enregistrer la séance</SubmitButton>
            </form>
          </>
        ) : null}
      </section>

      <section aria-labelledby="titre-actualites">
        <h2 id="titre-actualites">Actualités de la classe</h2>
        {props.news.length ? (
          props.news.map((n) => (
            <article class="news">
              <h3>{n.title}</h3>
              <p class="news__meta">
                {formatDate(n.published_at)} — {n.author_label}
              </p>
              <Paragraphs text={n.body} />
            </article>
          ))
        ) : (
          <p>Aucune actualité pour le moment.</p>
        )}
        {props.teaches ? (
          <form method="post" action={href(context, `${base}/actualites`)}>
            <CsrfField token={context.csrfToken} />
            <TextField name="titre" label="Titre de l'actualité" maxLength={120} />
            <TextArea name="texte" label="Texte de l'actualité" maxLength={5000} />
            <SubmitButton>Publier l'actualité</SubmitButton>
          </form>
        ) : null}
      </section>

      <section aria-labelledby="titre-projets">
        <h2 id="titre-projets">Projets de la classe</h2>
        {props.projects.length ? (
          <ul class="link-list">
            {props.projects.map((p) => (
              <li>
                <a href={href(context, `/ecole/${school.uai}/projets/${p.id}`)}>{p.title}</a>
              </li>
            ))}
          </ul>
        ) : (
          <p>La classe ne participe à aucun projet.</p>
        )}
      </section>
    </Layout>
  );
}

const PRESENCE_CHOICES = [
  { value: 'present', label: 'Présent' },
  { value: 'absent', label: 'Absent' },
  { value: 'late', label: 'En retard' },
];

/** A session's register: one group of choices per pupil (present by default), the lateness in minutes. */
export function RegisterPage(props: {
  context: PageContext;
  school: SchoolRef;
  group: { id: string; name: string };
  session: ClassSession;
  pupils: Array<{ personId: string; lastName: string; firstName: string }>;
  marks: Mark[];
}) {
  const { context, school, group, session } = props;
  const classPath = `/ecole/${school.uai}/classes/${group.id}`;
  const marks = new Map(props.marks.map((m) => [m.pupil_id, m]));
  const title = `Appel du ${formatCalendarDate(session.day)} à ${session.starts_at.replace(':', ' h ')}`;
  return (
    <Layout
      context={context}
      title={`${title} – ${group.name}`}
      breadcrumbs={[...schoolCrumbs(school), { label: `Classe ${group.name}`, path: classPath }]}
    >
      <h1>
        {title} — {group.name}, {session.subject}
      </h1>
      {props.pupils.length ? (
        <form method="post" action={href(context, `${classPath}/seances/${session.id}/appel`)}>
          <CsrfField token={context.csrfToken} />
          {props.pupils.map((p) => {
            const mark = marks.get(p.personId);
            return (
              <div class="register-line">
                <ChoiceGroup
                  name={`eleve_${p.personId}`}
                  label={`${p.lastName} ${p.firstName}`}
                  kind="radio"
                  inline
                  choices={PRESENCE_CHOICES}
                  value={mark?.kind ?? 'present'}
                />
                <TextField
                  name={`retard_${p.personId}`}
                  label={`Retard de ${p.firstName} ${p.lastName}, en minutes`}
                  required={false}
                  inputMode="numeric"
                  value={mark?.minutes_late ? String(mark.minutes_late) : ''}
                />
              </div>
            );
          })}
          <SubmitButton>Enregistrer l'appel</SubmitButton>
        </form>
      ) : (
        <p>La classe n'a aucun élève inscrit.</p>
      )}
    </Layout>
  );
}
