import type { PageContext } from '../../../platform/views/page-context.ts';
import type { NearbyReport } from '../find-nearby-reports.ts';
import { FollowForm, ReportDescription, ReportFacts } from './report-parts.tsx';

export type NearbySuggestionsProps = {
  context: PageContext;
  reports: NearbyReport[];
  signedIn: boolean;
  /** The review page, to come back to and send anyway. */
  returnPath: string;
};

/** On the review page of a report, before sending: the same problem may already be reported nearby (issue 15 §6). */
export function NearbySuggestions({ context, reports, signedIn, returnPath }: NearbySuggestionsProps) {
  return (
    <section class="nearby-reports" aria-labelledby="titre-signalements-proches">
      <h2 id="titre-signalements-proches">Est-ce l’un de ces signalements ? Suivez-le plutôt</h2>
      <p>
        {reports.length === 1
          ? 'Un signalement de la même catégorie est déjà en cours de traitement à moins de 250 m du lieu que vous indiquez.'
          : `${reports.length} signalements de la même catégorie sont déjà en cours de traitement à moins de 250 m du lieu que vous indiquez.`}{' '}
        Si c’est le même problème, suivez-le : vous serez prévenu par courriel à chacune de ses étapes, et le service
        n’aura pas à traiter un doublon. Sinon, envoyez votre signalement ci-dessous.
      </p>
      <ul class="cards plain-list">
        {reports.map((report, index) => (
          <li class="card">
            <h3 id={`signalement-proche-${index + 1}`}>
              {report.categoryLabel}, à environ {Math.max(10, Math.round(report.distanceMetres / 10) * 10)} m
            </h3>
            <ReportFacts report={report} distanceMetres={report.distanceMetres} />
            <ReportDescription report={report} />
            <FollowForm
              context={context}
              reportId={report.id}
              signedIn={signedIn}
              returnPath={returnPath}
              describedBy={`signalement-proche-${index + 1}`}
            />
          </li>
        ))}
      </ul>
    </section>
  );
}
