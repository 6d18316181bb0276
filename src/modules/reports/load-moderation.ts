import type { Services } from '../../platform/services.ts';
import { listModerations, listReportsForModeration } from './reports.repo.ts';
import { findReport } from './reports.repo.ts';
import type { ReportModerationRow, ReportRow } from './reports.tables.ts';

export const MODERATION_PAGE_SIZE = 50;

/** The moderation list: every report (operators) or the commune's, with its moderation in force. */
export async function loadModerationList(
  services: Services,
  options: { holderId: string | null; page: number },
): Promise<{ reports: ReportRow[]; total: number; pages: number; page: number }> {
  const { rows, total } = await listReportsForModeration(services.db, {
    holderId: options.holderId,
    limit: MODERATION_PAGE_SIZE,
    offset: (options.page - 1) * MODERATION_PAGE_SIZE,
  });
  return { reports: rows, total, page: options.page, pages: Math.max(1, Math.ceil(total / MODERATION_PAGE_SIZE)) };
}

/** One report for its moderator: the author's words, the public version, the history. Not theirs: undefined. */
export async function loadModeration(
  services: Services,
  options: { reportId: string; holderId: string | null },
): Promise<{ report: ReportRow; history: ReportModerationRow[] } | undefined> {
  const report = await findReport(services.db, options.reportId);
  if (!report || (options.holderId && report.tenant_id !== options.holderId)) return undefined;
  return { report, history: await listModerations(services.db, report.id) };
}
