import { approximate, type Point } from './geo.ts';
import type { ReportRow } from './reports.tables.ts';

/**
 * The one place that decides what of a report leaves for the public (list, map, GeoJSON, report page, nearby
 * suggestions): never the author, their contact, the other answers, files or agents' notes — the projection does not
 * even hold them — and the point rounded to about a hundred metres. A hidden report's words are not public.
 */
export type PublicReport = {
  id: string;
  serviceTitle: string;
  categoryLabel: string;
  statusLabel: string;
  open: boolean;
  submittedAt: Date;
  statusChangedAt: Date;
  closedAt: Date | null;
  communeName: string;
  point: Point;
  /** The moderators' version when they edited it, else the author's; null when hidden. */
  description: string | null;
  /** The description shown is the moderators' edit. */
  edited: boolean;
  followers: number;
};

export function publicReport(row: ReportRow & { followers?: number }): PublicReport {
  return {
    id: row.id,
    serviceTitle: row.service_title,
    categoryLabel: row.category_label || row.service_title,
    statusLabel: row.status_label,
    open: row.closed_at === null,
    submittedAt: row.submitted_at,
    statusChangedAt: row.status_changed_at,
    closedAt: row.closed_at,
    communeName: row.commune_name,
    point: approximate({ lat: row.lat, lon: row.lon }),
    description: row.hidden ? null : (row.public_description ?? row.description),
    edited: !row.hidden && row.public_description !== null,
    followers: row.followers ?? 0,
  };
}

/** The public list's paths: the report's page, the GeoJSON of a list, within an instance's base. */
export const reportPath = (id: string) => `/signalements/${id}`;
export const REPORTS_PATH = '/signalements';
