import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import { findStoredFile } from '../files/stored-files.repo.ts';
import { METROPOLE_PRIMARY, themeCustomProperties } from '../views/contrast.ts';
import { type ApiRegistry, apiRoute } from './api.ts';
import { AppError, notFound } from './errors.ts';

/** Health, the API description, and each instance's theme and logo. */
export function registerPlatformRoutes(app: FastifyInstance, api: ApiRegistry): void {
  const { services } = app;

  apiRoute(
    app,
    api,
    {
      method: 'GET',
      path: '/healthz',
      operationId: 'getHealth',
      summary: 'État du service et de sa base de données',
      tag: 'Plateforme',
      access: 'public',
      // Load balancers and monitoring poll it: never throttled.
      rateLimitPerMinute: 0,
      responses: {
        200: {
          description: 'Le service répond et sa base de données aussi',
          schema: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgresql']) }),
        },
      },
    },
    async () => {
      try {
        await sql`SELECT 1`.execute(services.db);
      } catch {
        throw new AppError('service_unavailable', 'La base de données ne répond pas.');
      }
      return { status: 'ok', database: services.database.kind };
    },
  );

  apiRoute(
    app,
    api,
    {
      method: 'GET',
      path: '/api/openapi.json',
      operationId: 'getOpenApi',
      summary: 'Description OpenAPI 3.1 de cette API',
      tag: 'Plateforme',
      access: 'public',
      responses: { 200: { description: 'Le document OpenAPI', schema: z.object({ openapi: z.string() }).loose() } },
    },
    async () => api.toOpenApi({ serverUrl: services.config.publicUrl }),
  );

  // The instance's colours as CSS custom properties: a stylesheet rather than inline styles keeps the CSP strict.
  app.get('/theme.css', async (request, reply) => {
    const primary = request.tenant.theme.primary ?? METROPOLE_PRIMARY;
    void reply.header('cache-control', 'public, max-age=300').type('text/css; charset=utf-8');
    return `:root {\n  ${themeCustomProperties(primary)}\n}\n`;
  });

  app.get('/logo', async (request, reply) => {
    const fileId = request.tenant.theme.logoFileId;
    const file = fileId ? await findStoredFile(services.db, fileId) : undefined;
    const bytes = file ? await services.files.get(file.sha256) : undefined;
    if (!file || !bytes) throw notFound("Cette commune n'a pas de logo.");
    return reply
      .header('cache-control', 'public, max-age=86400')
      .header('x-content-type-options', 'nosniff')
      .type(file.media_type)
      .send(bytes);
  });
}
