import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { isUuid } from '../../platform/db/uuid.ts';
import { notFound } from '../../platform/http/errors.ts';
import { formValues, parseForm } from '../../platform/http/forms.ts';
import { redirectWithin, sendPage } from '../../platform/http/render.tsx';
import { actorOf, productionCommuneOf } from '../../platform/http/route-helpers.ts';
import { parseParams, parseQuery } from '../../platform/http/route-input.ts';
import { parisDay } from '../../platform/paris-time.ts';
import type { FieldErrors } from '../../platform/views/forms.tsx';
import { findMinutesForCommune, listMinutesForCommune } from './governance.repo.ts';
import { respondToMinutes } from './respond-to-minutes.ts';
import { MinutesListPage, MinutesPage } from './views/commune-pages.tsx';

/** Minutes by their meeting's id: any string, one that names nothing gets the page's own "does not exist". */
const ZMinutesParams = z.object({ id: z.string() });
const ZMinutesQuery = z.object({ fait: z.string().optional().catch(undefined) });

const ZResponse = z
  .object({
    response: z.enum(['approved', 'objected'], { message: 'Choisissez : approuver ou formuler une objection' }),
    objection: z.string().trim().max(2000, "L'objection : 2000 caractères au plus").optional(),
  })
  .superRefine((v, ctx) => {
    if (v.response === 'objected' && !v.objection)
      ctx.addIssue({
        code: 'custom',
        path: ['objection'],
        message: 'Saisissez votre objection : ce qui doit être corrigé',
      });
  });

/**
 * A commune's administrators read the minutes sent to them and answer them. On the commune's production instance
 * only; another commune's people get 404 (DESIGN invariant 1).
 */
export function registerCommuneMinutesRoutes(app: FastifyInstance): void {
  const { services } = app;

  app.get('/admin/convention/comptes-rendus', async (request, reply) => {
    const commune = productionCommuneOf(request);
    const minutes = await withTenant(services.db, commune.id, (trx) => listMinutesForCommune(trx));
    return sendPage(request, reply, (context) => MinutesListPage({ context, minutes }));
  });

  const drawMinutes = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string | string[]>,
    errors: FieldErrors,
    status = 200,
  ) => {
    const commune = productionCommuneOf(request);
    const { id } = parseParams(ZMinutesParams, request);
    const minutes = isUuid(id)
      ? await withTenant(services.db, commune.id, (trx) => findMinutesForCommune(trx, id))
      : undefined;
    if (!minutes) throw notFound("Ce compte rendu n'existe pas.");
    const today = parisDay(services.clock.now());
    const open =
      (minutes.status === 'awaiting_approval' || minutes.status === 'contested') &&
      !!minutes.approval_deadline_on &&
      today <= minutes.approval_deadline_on;
    const done = parseQuery(ZMinutesQuery, request).fait === '1';
    return sendPage(request, reply, (context) => MinutesPage({ context, minutes, open, values, errors, done }), status);
  };

  app.get('/admin/convention/comptes-rendus/:id', async (request, reply) => drawMinutes(request, reply, {}, {}));

  app.post('/admin/convention/comptes-rendus/:id/reponse', async (request, reply) => {
    const commune = productionCommuneOf(request);
    const user = request.user;
    if (!user) throw notFound();
    const { id } = parseParams(ZMinutesParams, request);
    if (!isUuid(id)) throw notFound();
    const raw = formValues(request.body);
    const parsed = parseForm(ZResponse, raw);
    if (!parsed.ok) return drawMinutes(request, reply, raw, parsed.errors, 422);
    const actor = actorOf(request, user);
    const result = await respondToMinutes(
      services,
      parsed.data.response === 'objected'
        ? { commune, actor, meetingId: id, response: 'objected', objection: parsed.data.objection ?? '' }
        : { commune, actor, meetingId: id, response: 'approved' },
    );
    if (!result.ok) {
      if ('notFound' in result) throw notFound("Ce compte rendu n'existe pas.");
      return drawMinutes(request, reply, raw, result.errors, 422);
    }
    return redirectWithin(request, reply, `/admin/convention/comptes-rendus/${id}?fait=1`);
  });
}
