import { formatCalendarDate } from '../../../platform/paris-time.ts';
import { CsrfField, Notice, TextField } from '../../../platform/views/forms.tsx';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import type { AbsenceLine } from '../load-absences.ts';
import { schoolCrumbs } from './class-pages.tsx';

export const markLabel = (line: Pick<AbsenceLine, 'kind' | 'minutes_late'>) =>
  line.kind === 'absent' ? 'Absence' : `Retard${line.minutes_late ? ` (${line.minutes_late} min)` : ''}`;

/** Absences and lateness: the life office records reasons and exports them; families see their own. */
export function AbsencesPage(props: {
  context: PageContext;
  school: { uai: string; name: string };
  follows: boolean;
  saved: boolean;
  lines: AbsenceLine[];
}) {
  const { context, school } = props;
  const base = `/ecole/${school.uai}/absences`;
  return (
    <Layout context={context} title={`Absences et retards – ${school.name}`} breadcrumbs={schoolCrumbs(school)}>
      <h1>Absences et retards</h1>
      {props.saved ? <Notice>Le motif est enregistré.</Notice> : null}
      {props.follows ? (
        <p>
          Exporter le registre :{' '}
          <a href={href(context, `${base}/export?format=csv`)} download>
            fichier CSV
          </a>{' '}
          ou{' '}
          <a href={href(context, `${base}/export?format=ods`)} download>
            tableur ODS
          </a>
          .
        </p>
      ) : null}
      {props.lines.length ? (
        <div class="table-wrapper">
          <table class="table">
            <caption class="visually-hidden">Absences et retards, les plus récents d'abord</caption>
            <thead>
              <tr>
                <th scope="col">Élève</th>
                <th scope="col">Classe</th>
                <th scope="col">Séance</th>
                <th scope="col">Relevé</th>
                <th scope="col">Motif</th>
              </tr>
            </thead>
            <tbody>
              {props.lines.map((line) => (
                <tr>
                  <td>{line.pupilName}</td>
                  <td>{line.className}</td>
                  <td>
                    {formatCalendarDate(line.day)}, {line.startsAt.replace(':', ' h ')} — {line.subject}
                  </td>
                  <td>{markLabel(line)}</td>
                  <td>
                    {props.follows ? (
                      <form method="post" action={href(context, `${base}/${line.id}/motif`)} class="inline-form">
                        <CsrfField token={context.csrfToken} />
                        <TextField
                          name="motif"
                          label={`Motif pour ${line.pupilName}, ${formatCalendarDate(line.day)}`}
                          value={line.reason ?? ''}
                          maxLength={500}
                        />
                        <button type="submit" class="button button--secondary">
                          Enregistrer<span class="visually-hidden"> le motif de {line.pupilName}</span>
                        </button>
                      </form>
                    ) : (
                      (line.reason ?? 'Non renseigné')
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>Aucune absence ni aucun retard.</p>
      )}
    </Layout>
  );
}
