import { IMAGE_TYPES } from '../../platform/files/file-store.ts';

/** Evidence: screenshots, PDF reports, ZIP archives of logs; at most 5 MB each, recognised by their bytes. */
export const EVIDENCE_TYPES = [
  ...IMAGE_TYPES,
  { mediaType: 'application/pdf', label: 'PDF' },
  { mediaType: 'application/zip', label: 'ZIP (journaux compressés)' },
];
export const MAX_EVIDENCE_BYTES = 5 * 1024 * 1024;

export const incidentLabel = (incident: { number: number; reported_at: Date }) =>
  `INC-${incident.reported_at.getUTCFullYear()}-${String(incident.number).padStart(4, '0')}`;
