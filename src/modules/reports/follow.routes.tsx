import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { notFound } from '../../platform/http/errors.ts';
import { formText, parseForm } from '../../platform/http/forms.ts';
import { safeReturnPath } from '../../platform/http/guards.ts';
import { sendPage } from '../../platform/http/render.tsx';
import { parseParams, parseQuery } from '../../platform/http/route-input.ts';
import { confirmFollow } from './confirm-follow.ts';
import { followReport } from './follow-report.ts';
import { publicScopeOf } from './list-public-reports.ts';
import { findPublicReport } from './reports.repo.ts';
import { stopFollowing } from './stop-following.ts';
import { FollowDonePage, FollowLinkPage, FollowOutcomePage } from './views/follow-pages.tsx';
import { FollowEmailPage } from './views/follow-email-page.tsx';

/** Each follow by address sends an e-mail: as the sign-up form, 10 a minute per address. */
const MAIL_LIMIT = { config: { rateLimit: { max: 10, timeWindow: 60_000 } } };

const ZReportParams = z.object({ id: z.string().max(100) });
const ZFollowForm = z.object({
  courriel: z
    .string({ message: 'Saisissez votre adresse électronique.' })
    .trim()
    .min(1, 'Saisissez votre adresse électronique.')
    .max(254, 'L’adresse électronique est trop longue.')
    .pipe(z.email('Saisissez une adresse électronique valide, par exemple prenom.nom@example.org.'))
    .optional(),
  retour: z.string().max(500).optional(),
});
const ZToken = z.object({ jeton: z.string().min(20).max(200).optional().catch(undefined) });
const ZConfirmForm = z.object({ jeton: z.string().min(20, 'Lien incomplet.').max(200) });
const ZStopQuery = z.object({
  abonnement: z.string().max(100).optional().catch(undefined),
  jeton: z.string().max(200).optional().catch(undefined),
});
const ZStopForm = z.object({ abonnement: z.string().max(100), jeton: z.string().max(200) });

const INVALID_LINK = 'Ce lien est incomplet, a expiré ou a déjà servi. Demandez de nouveau à suivre le signalement.';

/** Following a report: by account in one click, or by an address confirmed by a link; and stopping (§6). */
export function registerFollowRoutes(app: FastifyInstance): void {
  const { services } = app;

  app.post('/signalements/:id/suivre', MAIL_LIMIT, async (request, reply) => {
    if (request.tenant.isTestInstance) throw notFound();
    const { id } = parseParams(ZReportParams, request);
    const user = request.user;
    const form = parseForm(ZFollowForm, request.body);
    const returnPath = safeReturnPath(formText(form.values).retour);
    const email = form.ok ? (form.data.courriel ?? null) : null;
    if (!user && !email) {
      const errors = form.ok ? { courriel: 'Saisissez votre adresse électronique.' } : form.errors;
      return sendPage(
        request,
        reply,
        (context) =>
          FollowEmailPage({ context, reportId: id, value: formText(form.values).courriel ?? '', errors, returnPath }),
        422,
      );
    }
    const scope = publicScopeOf(request.tenant);
    const outcome = await followReport(services, {
      reportId: id,
      scope,
      account: user ? { userId: user.id, email: user.email } : null,
      email,
    });
    if (!outcome.ok) throw notFound('Ce signalement n’existe pas.');
    const visible = await findPublicReport(services.db, id, scope);
    return sendPage(request, reply, (context) =>
      FollowOutcomePage({
        context,
        state: outcome.state,
        categoryLabel: outcome.categoryLabel,
        email,
        reportHref: visible ? `${request.basePath}/signalements/${id}` : null,
        returnHref: returnPath ? `${request.basePath}${returnPath}` : null,
      }),
    );
  });

  registerEmailedLink(app, {
    path: '/signalements/suivi/confirmer',
    hiddenFrom: (request) => {
      const { jeton } = parseQuery(ZToken, request);
      return jeton ? { jeton } : undefined;
    },
    page: {
      title: 'Confirmer le suivi du signalement',
      text: 'Dernière étape : confirmez que vous voulez recevoir un courriel à chaque étape de ce signalement.',
      button: 'Confirmer le suivi',
    },
    act: async (body) => {
      const form = parseForm(ZConfirmForm, body);
      return form.ok && (await confirmFollow(services, form.data.jeton)).ok;
    },
    done: {
      title: 'Vous suivez ce signalement',
      text: 'C’est confirmé : vous recevrez un courriel à chaque étape du signalement. Chaque courriel contient un lien pour arrêter.',
    },
  });

  registerEmailedLink(app, {
    path: '/signalements/suivi/arreter',
    hiddenFrom: (request) => {
      const { abonnement, jeton } = parseQuery(ZStopQuery, request);
      return abonnement && jeton ? { abonnement, jeton } : undefined;
    },
    page: {
      title: 'Ne plus suivre ce signalement',
      text: 'Vous ne recevrez plus de courriel au sujet de ce signalement.',
      button: 'Ne plus suivre ce signalement',
    },
    act: async (body) => {
      const form = parseForm(ZStopForm, body);
      return (
        form.ok && (await stopFollowing(services, { followerId: form.data.abonnement, token: form.data.jeton })).ok
      );
    },
    done: {
      title: 'Vous ne suivez plus ce signalement',
      text: 'C’est noté : vous ne recevrez plus de courriel à son sujet.',
    },
  });
}

/**
 * A link e-mailed to a follower: its GET shows a page whose button posts the link's parameters (a mail scanner opening
 * the link does nothing); an incomplete link is a 404, a used, expired or forged one a 410.
 */
function registerEmailedLink(
  app: FastifyInstance,
  link: {
    path: string;
    hiddenFrom: (request: FastifyRequest) => Record<string, string> | undefined;
    page: { title: string; text: string; button: string };
    act: (body: unknown) => Promise<boolean>;
    done: { title: string; text: string };
  },
): void {
  app.get(link.path, async (request, reply) => {
    const hidden = link.hiddenFrom(request);
    if (!hidden)
      return sendPage(
        request,
        reply,
        (context) => FollowDonePage({ context, title: 'Lien incomplet', text: INVALID_LINK }),
        404,
      );
    return sendPage(request, reply, (context) => FollowLinkPage({ context, ...link.page, action: link.path, hidden }));
  });

  app.post(link.path, async (request, reply) => {
    if (!(await link.act(request.body)))
      return sendPage(
        request,
        reply,
        (context) => FollowDonePage({ context, title: 'Lien invalide', text: INVALID_LINK }),
        410,
      );
    return sendPage(request, reply, (context) => FollowDonePage({ context, ...link.done }));
  });
}
