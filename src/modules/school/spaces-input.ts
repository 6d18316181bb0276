import type { FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../../platform/http/errors.ts';
import type { Services } from '../../platform/services.ts';

/** The strings a form sent under the fields whose name starts with `prefix` (checkboxes, multipart or not). */
export function fieldStrings(body: unknown, prefix: string): string[] {
  if (!body || typeof body !== 'object') return [];
  const out: string[] = [];
  const take = (value: unknown) => {
    if (typeof value === 'string') out.push(value);
    else if (value && typeof value === 'object' && 'value' in value && typeof value.value === 'string')
      out.push(value.value);
  };
  for (const [key, value] of Object.entries(body))
    if (key === prefix || key.startsWith(`${prefix}-`)) for (const v of Array.isArray(value) ? value : [value]) take(v);
  return out;
}

/** Who did it, for the audit log. */
export const actorOf = (request: FastifyRequest, user: { id: string; email: string }) => ({
  userId: user.id,
  label: user.email,
  ip: request.ip,
});

/** Sends a stored file as a download, never shown inline, under its name as given (RFC 6266). */
export async function sendStoredFile(
  services: Services,
  reply: FastifyReply,
  file: { sha256: string; name: string; type: string },
): Promise<FastifyReply> {
  const bytes = await services.files.get(file.sha256);
  if (!bytes) throw notFound("Ce fichier n'est plus disponible.");
  const ascii = file.name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return reply
    .type(file.type)
    .header('cache-control', 'private, no-store')
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`)
    .send(bytes);
}
