import { instanceBase } from '../../platform/http/render.tsx';
import type { Services } from '../../platform/services.ts';
import { findEServicesByIds } from '../catalogue/index.ts';
import {
  type Acknowledgement,
  listOpenDraftsOfCitizen,
  listRequestsOfCitizen,
  requestPath,
} from '../requests/index.ts';

export type PendingAction = {
  kind: 'answer' | 'draft';
  title: string;
  href: string;
  /** The request's number, for a request waiting for the citizen's answer. */
  number: string | null;
  updatedAt: Date;
};

const SHOWN = 5;

/**
 * What a signed-in citizen has to do (issue 23 §1): the requests waiting for their answer, then their unfinished
 * drafts, latest first — the same rows as their dashboard, where the full list is.
 */
export async function listPendingActions(
  services: Services,
  userId: string,
): Promise<{ actions: PendingAction[]; more: boolean }> {
  const [requests, drafts] = await Promise.all([
    listRequestsOfCitizen(services.db, userId, { limit: 200 }),
    listOpenDraftsOfCitizen(services.db, userId, { limit: SHOWN + 1 }),
  ]);
  const actions: PendingAction[] = [];
  for (const r of requests.filter((row) => row.paused_at && !row.closed_at)) {
    const holder = await services.tenants.byId(r.tenant_id);
    if (!holder) continue;
    actions.push({
      kind: 'answer',
      title: (r.acknowledgement as Acknowledgement).serviceTitle,
      href: requestPath(holder, r),
      number: r.number,
      updatedAt: r.updated_at,
    });
  }
  const titles = new Map(
    (
      await findEServicesByIds(
        services.db,
        drafts.map((d) => d.eservice_id),
      )
    ).map((e) => [e.id, e.title]),
  );
  for (const d of drafts) {
    const tenant = await services.tenants.byId(d.tenant_id);
    const title = titles.get(d.eservice_id);
    if (!tenant || !title) continue;
    actions.push({
      kind: 'draft',
      title,
      href: `${instanceBase(tenant)}/brouillons/${d.id}`,
      number: null,
      updatedAt: d.updated_at,
    });
  }
  return { actions: actions.slice(0, SHOWN), more: actions.length > SHOWN };
}
