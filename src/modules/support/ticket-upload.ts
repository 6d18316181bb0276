import { uploadOf } from '../../platform/files/checked-upload.ts';
import type { TicketUpload } from './ticket-files.ts';

/** The file chosen in a ticket form's `file` input, with whether the size cap cut it; undefined when none was. */
export async function ticketUploadOf(body: unknown): Promise<TicketUpload | undefined> {
  return uploadOf(body, 'file');
}
