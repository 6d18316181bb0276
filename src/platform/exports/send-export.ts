import type { FastifyReply } from 'fastify';
import { toCsv } from './csv.ts';
import { ODS_MEDIA_TYPE, toOds } from './ods.ts';
import type { ExportSheet } from './table-export.ts';

export type ExportFormat = 'csv' | 'ods';

export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'ods'];

/**
 * Sheets written in a format, with the media type and extension that go with it. CSV carries the first sheet only
 * (the format has no notion of sheets); ODS carries them all.
 */
export function encodeExport(
  format: ExportFormat,
  sheets: ExportSheet[],
  options: { generatedAt?: Date | undefined } = {},
): { bytes: Buffer; mediaType: string; extension: string } {
  const first = sheets[0];
  if (!first) throw new Error('an export needs at least one sheet');
  return format === 'csv'
    ? { bytes: toCsv(first), mediaType: 'text/csv; charset=utf-8; header=present', extension: 'csv' }
    : {
        bytes: Buffer.from(toOds(sheets, { generatedAt: options.generatedAt })),
        mediaType: ODS_MEDIA_TYPE,
        extension: 'ods',
      };
}

/**
 * Sends sheets as a download. The file name is given without extension; accents survive through RFC 6266's filename*
 * parameter.
 */
export function sendExport(
  reply: FastifyReply,
  options: { format: ExportFormat; filename: string; sheets: ExportSheet[]; generatedAt?: Date },
): FastifyReply {
  const encoded = encodeExport(options.format, options.sheets, { generatedAt: options.generatedAt });
  return sendDownload(reply, {
    name: `${options.filename}.${encoded.extension}`,
    mediaType: encoded.mediaType,
    bytes: encoded.bytes,
  });
}

/** Sends a file to save (an export made now, or one a job stored earlier) under its name, accents included. */
export function sendDownload(
  reply: FastifyReply,
  file: { name: string; mediaType: string; bytes: Buffer },
): FastifyReply {
  const ascii = file.name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-');
  return reply
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`)
    .type(file.mediaType)
    .send(file.bytes);
}
