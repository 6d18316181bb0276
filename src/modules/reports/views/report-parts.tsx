import { formatDate, formatNumber, plural } from '../../../platform/views/format.ts';
import { CsrfField } from '../../../platform/views/forms.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import type { PublicReport } from '../public-report.ts';

/** A report's public facts, the same on the list, its page and the suggestions. */
export function ReportFacts({ report, distanceMetres }: { report: PublicReport; distanceMetres?: number }) {
  return (
    <dl class="summary-list">
      <div>
        <dt>Catégorie</dt>
        <dd>{report.categoryLabel}</dd>
      </div>
      <div>
        <dt>État</dt>
        <dd>
          {report.statusLabel}
          {report.open ? '' : ` (terminé le ${formatDate(report.closedAt ?? report.statusChangedAt)})`}
        </dd>
      </div>
      <div>
        <dt>Signalé le</dt>
        <dd>{formatDate(report.submittedAt)}</dd>
      </div>
      {distanceMetres !== undefined ? (
        <div>
          <dt>Distance</dt>
          <dd>
            à environ {formatNumber(Math.max(10, Math.round(distanceMetres / 10) * 10))} m du lieu que vous indiquez
          </dd>
        </div>
      ) : (
        <div>
          <dt>Lieu</dt>
          <dd>
            {report.communeName
              ? `${report.communeName}, à une centaine de mètres près`
              : 'À une centaine de mètres près'}
          </dd>
        </div>
      )}
      <div>
        <dt>Suivi par</dt>
        <dd>{followersText(report.followers)}</dd>
      </div>
    </dl>
  );
}

export const followersText = (n: number) =>
  n === 0 ? 'personne pour l’instant' : `${formatNumber(n)} ${plural(n, 'personne', 'personnes')}`;

/** The description as the public reads it, or why there is none. */
export function ReportDescription({ report }: { report: PublicReport }) {
  if (report.description === null) return <p class="muted">Description masquée par la modération.</p>;
  if (!report.description) return <p class="muted">Pas de description.</p>;
  return (
    <>
      <blockquote class="report-description">
        {report.description.split('\n').map((line) => (
          <p>{line}</p>
        ))}
      </blockquote>
      {report.edited ? <p class="caption">Description modifiée par la modération.</p> : null}
    </>
  );
}

/**
 * "Suivre ce signalement": one button for a signed-in citizen, an address (confirmed by a link) for anyone else. Ids
 * carry the report's, since several of these forms share a page.
 */
export function FollowForm(props: {
  context: PageContext;
  reportId: string;
  signedIn: boolean;
  returnPath?: string;
  describedBy?: string;
}) {
  const { context, reportId } = props;
  const emailId = `courriel-${reportId}`;
  return (
    <form method="post" action={href(context, `/signalements/${reportId}/suivre`)} class="inline-form" novalidate>
      <CsrfField token={context.csrfToken} />
      {props.returnPath ? <input type="hidden" name="retour" value={props.returnPath} /> : null}
      {props.signedIn ? null : (
        <div class="field">
          <label class="field__label" for={emailId}>
            Votre adresse électronique
          </label>
          <p class="field__hint" id={`${emailId}-aide`}>
            Un lien de confirmation vous y sera envoyé ; ensuite, un courriel à chaque étape du signalement.
          </p>
          <input
            id={emailId}
            class="input input--medium"
            type="email"
            name="courriel"
            autocomplete="email"
            spellcheck={false}
            required
            aria-describedby={`${emailId}-aide`}
          />
        </div>
      )}
      <button type="submit" class="button button--secondary" aria-describedby={props.describedBy}>
        Suivre ce signalement
      </button>
    </form>
  );
}

/** Previous and next page links, as every list of the platform shows them. */
export function Pagination({ page, pages, hrefOf }: { page: number; pages: number; hrefOf: (page: number) => string }) {
  if (pages <= 1) return null;
  return (
    <nav class="pagination" aria-label="Pages de résultats">
      <ul>
        {page > 1 ? (
          <li>
            <a href={hrefOf(page - 1)}>Page précédente</a>
          </li>
        ) : null}
        <li aria-current="page">
          Page {page} sur {pages}
        </li>
        {page < pages ? (
          <li>
            <a href={hrefOf(page + 1)}>Page suivante</a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
