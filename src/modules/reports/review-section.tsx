import type { DraftReview, DraftReviewSection } from '../../platform/app-module/app-module.ts';
import type { Services } from '../../platform/services.ts';
import { findEServiceById, parseSettings } from '../catalogue/index.ts';
import { type Answers, loadFormVersion } from '../forms/index.ts';
import { findNearbyReports } from './find-nearby-reports.ts';
import { pointOf } from './project-reports.ts';
import { NearbySuggestions } from './views/nearby-suggestions.tsx';
import { PublicationNotice } from './views/publication-notice.tsx';

/**
 * The review page of a report's draft, before sending: that the report will be public, and the open reports of the
 * same service and category within 250 m, to follow instead (issue 15 §6). Server-rendered, so it works without
 * JavaScript; sending stays possible.
 */
export async function nearbyReportsSection(services: Services, draft: DraftReview): Promise<DraftReviewSection | null> {
  const eservice = await findEServiceById(services.db, draft.eserviceId);
  if (!eservice) return null;
  const settings = parseSettings(eservice);
  if (settings.legal.kind !== 'signalement') return null;
  const form = await loadFormVersion(services.db, draft.formVersionId);
  const answers = draft.answers as Answers;
  const point = pointOf(form.definition, answers);
  // A report without a point is never published (project-reports.ts), so there is nothing to warn about.
  if (!point) return null;
  const categoryField = settings.routing.mode === 'territorial' ? settings.routing.categoryField : null;
  const category = categoryField ? String(answers[categoryField] ?? '') : '';
  const reports = await findNearbyReports(services.db, { eserviceId: eservice.id, category, point });
  if (reports.length === 0) return () => PublicationNotice();
  return (context) => (
    <>
      {NearbySuggestions({ context, reports, signedIn: draft.signedIn, returnPath: draft.returnPath })}
      {PublicationNotice()}
    </>
  );
}
