import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { findAccountById } from '../../platform/auth/accounts.repo.ts';
import { formText, parseForm } from '../../platform/http/forms.ts';
import { requireUser } from '../../platform/http/guards.ts';
import { redirectWithin, sendPage } from '../../platform/http/render.tsx';
import { changePassword } from './change-password.ts';
import { findIdentityAccount } from './identity.repo.ts';
import { requestEmailChange } from './request-email-change.ts';
import { disableTotp, enableTotp, pendingTotpSecret } from './set-up-totp.ts';
import { totpQrCode, totpUri, ZTotpCodeForm } from './totp.ts';
import { EmailChangePage, PasswordChangePage, TotpPage } from './views/account-forms.tsx';

const ZPasswordChange = z.object({
  currentPassword: z.string().max(1024).optional(),
  newPassword: z.string().min(1, 'Choisissez un mot de passe'),
});
const ZEmailChange = z.object({
  newEmail: z
    .string()
    .trim()
    .min(1, 'Saisissez la nouvelle adresse')
    .pipe(z.email('Saisissez une adresse électronique valide, par exemple prenom.nom@example.org')),
  password: z.string().max(1024).optional(),
});
const ZSecret = z.object({ password: z.string().min(1, 'Saisissez votre mot de passe').max(1024) });

/** How the citizen signs in: their password, their e-mail address, the second factor. */
export function registerAccountSecurityRoutes(app: FastifyInstance): void {
  const { services } = app;

  app.get('/compte/mot-de-passe', async (request, reply) => {
    const user = requireUser(request);
    const account = await findAccountById(services.db, user.id);
    return sendPage(request, reply, (context) =>
      PasswordChangePage({ context, errors: {}, hasPassword: !!account?.password_hash }),
    );
  });

  app.post('/compte/mot-de-passe', async (request, reply) => {
    const user = requireUser(request);
    const account = await findAccountById(services.db, user.id);
    const hasPassword = !!account?.password_hash;
    const form = parseForm(ZPasswordChange, request.body);
    const result = form.ok
      ? await changePassword(services, {
          user,
          currentPassword: form.data.currentPassword ?? '',
          newPassword: form.data.newPassword,
          ip: request.ip,
        })
      : { ok: false as const, errors: form.errors };
    if (!result.ok)
      return sendPage(
        request,
        reply,
        (context) => PasswordChangePage({ context, errors: result.errors, hasPassword }),
        422,
      );
    return redirectWithin(request, reply, '/compte?fait=mot-de-passe');
  });

  app.get('/compte/adresse-electronique', async (request, reply) => {
    const user = requireUser(request);
    const account = await findAccountById(services.db, user.id);
    return sendPage(request, reply, (context) =>
      EmailChangePage({ context, errors: {}, values: {}, hasPassword: !!account?.password_hash }),
    );
  });

  app.post(
    '/compte/adresse-electronique',
    { config: { rateLimit: { max: 10, timeWindow: 60_000 } } },
    async (request, reply) => {
      const user = requireUser(request);
      const account = await findAccountById(services.db, user.id);
      const hasPassword = !!account?.password_hash;
      const form = parseForm(ZEmailChange, request.body);
      const result = form.ok
        ? await requestEmailChange(services, {
            user,
            newEmail: form.data.newEmail,
            password: form.data.password ?? '',
            basePath: request.basePath,
          })
        : { ok: false as const, errors: form.errors };
      if (!result.ok) {
        const newEmail = formText(form.values).newEmail ?? '';
        return sendPage(
          request,
          reply,
          (context) => EmailChangePage({ context, errors: result.errors, values: { newEmail }, hasPassword }),
          422,
        );
      }
      return redirectWithin(request, reply, '/compte?fait=adresse-envoyee');
    },
  );

  const totpPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    errors: Record<string, string>,
    status = 200,
  ) => {
    const user = requireUser(request);
    const identity = await findIdentityAccount(services.db, user.id);
    const account = await findAccountById(services.db, user.id);
    const enabled = !!identity.totpEnabledAt;
    let setup: { secret: string; qrCode: string } | null = null;
    if (!enabled) {
      const secret = await pendingTotpSecret(services, user.id);
      setup = { secret, qrCode: totpQrCode(totpUri(secret, user.email)) };
    }
    return sendPage(
      request,
      reply,
      (context) => TotpPage({ context, errors, enabled, setup, hasPassword: !!account?.password_hash }),
      status,
    );
  };

  app.get('/compte/double-authentification', async (request, reply) => totpPage(request, reply, {}));

  app.post(
    '/compte/double-authentification',
    { config: { rateLimit: { max: 20, timeWindow: 60_000 } } },
    async (request, reply) => {
      const user = requireUser(request);
      const form = parseForm(ZTotpCodeForm, request.body);
      if (!form.ok) return totpPage(request, reply, form.errors, 422);
      if (!(await enableTotp(services, { userId: user.id, code: form.data.code, ip: request.ip }))) {
        return totpPage(
          request,
          reply,
          { code: 'Ce code est incorrect. Vérifiez l’heure de votre téléphone et saisissez le code affiché.' },
          422,
        );
      }
      return redirectWithin(request, reply, '/compte?fait=double-authentification');
    },
  );

  app.post(
    '/compte/double-authentification/desactivation',
    { config: { rateLimit: { max: 20, timeWindow: 60_000 } } },
    async (request, reply) => {
      const user = requireUser(request);
      const form = parseForm(ZSecret, request.body);
      if (!form.ok) return totpPage(request, reply, form.errors, 422);
      if (!(await disableTotp(services, { userId: user.id, password: form.data.password, ip: request.ip }))) {
        return totpPage(request, reply, { password: 'Incorrect : la double authentification reste activée.' }, 422);
      }
      return redirectWithin(request, reply, '/compte?fait=double-authentification-retiree');
    },
  );
}
