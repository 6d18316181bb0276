import type { TicketUpload } from './ticket-files.ts';

type Part = { filename?: unknown; toBuffer?: () => Promise<Buffer>; file?: { truncated?: boolean } };

/** The file chosen in a ticket form's `file` input, with whether the size cap cut it; undefined when none was. */
export async function ticketUploadOf(body: unknown): Promise<TicketUpload | undefined> {
  if (!body || typeof body !== 'object') return undefined;
  const entry = (body as Record<string, unknown>).file;
  const part = (Array.isArray(entry) ? entry[0] : entry) as Part | undefined;
  if (!part || typeof part !== 'object' || typeof part.filename !== 'string' || part.filename === '') return undefined;
  if (typeof part.toBuffer !== 'function') return undefined;
  const bytes = await part.toBuffer();
  return { filename: part.filename.slice(0, 200), bytes, truncated: !!part.file?.truncated };
}
