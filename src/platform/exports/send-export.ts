import type { FastifyReply } from 'fastify';
import { toCsv } from './csv.ts';
import { ODS_MEDIA_TYPE, toOds } from './ods.ts';
import type { ExportSheet } from './table-export.ts';

export type ExportFormat = 'csv' | 'ods';

export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'ods'];

/**
 * Sends sheets as a download. CSV carries the first sheet only (the format has no notion of sheets); ODS carries them
 * all. The file name is given without extension; accents survive through RFC 6266's filename* parameter.
 */
export function sendExport(
  reply: FastifyReply,
  options: { format: ExportFormat; filename: string; sheets: ExportSheet[]; generatedAt?: Date },
): FastifyReply {
  const first = options.sheets[0];
  if (!first) throw new Error('an export needs at least one sheet');
  const body = options.format === 'csv' ? toCsv(first) : Buffer.from(toOds(options.sheets, { generatedAt: options.generatedAt }));
  const file = `${options.filename}.${options.format}`;
  const ascii = file.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9._-]+/g, '-');
  return reply
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file)}`)
    .type(options.format === 'csv' ? 'text/csv; charset=utf-8; header=present' : ODS_MEDIA_TYPE)
    .send(body);
}
