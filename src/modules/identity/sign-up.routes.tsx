import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { formText, parseForm } from '../../platform/http/forms.ts';
import { redirectWithin, sendPage } from '../../platform/http/render.tsx';
import { parseQuery } from '../../platform/http/route-input.ts';
import { confirmEmailChange } from './confirm-email-change.ts';
import { confirmSignUp } from './confirm-sign-up.ts';
import { ACR } from './oidc/claims.ts';
import { requestPasswordReset } from './request-password-reset.ts';
import { requestSignUp } from './request-sign-up.ts';
import { resetPassword } from './reset-password.ts';
import { setSessionCookie, startSession } from './start-session.ts';
import {
  CheckMailboxPage,
  ConfirmLinkPage,
  ForgottenPasswordPage,
  InvalidLinkPage,
  NewPasswordPage,
  SignUpPage,
} from './views/credential-pages.tsx';

const email = z
  .string()
  .trim()
  .min(1, 'Saisissez votre adresse électronique')
  .max(254, 'L’adresse électronique est trop longue')
  .pipe(z.email('Saisissez une adresse électronique valide, par exemple prenom.nom@example.org'));
const name = (label: string) =>
  z
    .string()
    .trim()
    .min(1, `Saisissez votre ${label}`)
    .max(100, `Votre ${label} est trop long (100 caractères au plus)`);

const ZSignUp = z.object({
  givenName: name('prénom'),
  familyName: name('nom'),
  email,
  password: z.string().min(1, 'Choisissez un mot de passe'),
});
const ZEmail = z.object({ email });
const ZToken = z.object({ jeton: z.string().min(20, 'Lien incomplet').max(200) });
const ZNewPassword = ZToken.extend({ password: z.string().min(1, 'Choisissez un mot de passe') });

/** The token of a link sent by e-mail; a link cut short or mangled carries none (its page says so). */
const ZLinkQuery = z.object({ jeton: ZToken.shape.jeton.optional().catch(undefined) });

/** Sign-up with e-mail confirmation, forgotten password, and confirmation of a new e-mail address. */
export function registerSignUpRoutes(app: FastifyInstance): void {
  const { services } = app;
  const mailLimit = { config: { rateLimit: { max: 10, timeWindow: 60_000 } } };
  const franceConnectLink = (basePath: string) =>
    services.config.identity.franceConnect ? `${basePath}/franceconnect/connexion` : null;

  app.get('/inscription', async (request, reply) => {
    if (request.user) return redirectWithin(request, reply, '/compte');
    return sendPage(request, reply, (context) =>
      SignUpPage({ context, values: {}, errors: {}, franceConnect: franceConnectLink(request.basePath) }),
    );
  });

  app.post('/inscription', mailLimit, async (request, reply) => {
    const form = parseForm(ZSignUp, request.body);
    const values = formText(form.values);
    const redraw = (errors: Record<string, string>) =>
      sendPage(
        request,
        reply,
        (context) =>
          SignUpPage({
            context,
            values: { givenName: values.givenName, familyName: values.familyName, email: values.email },
            errors,
            franceConnect: franceConnectLink(request.basePath),
          }),
        422,
      );
    if (!form.ok) return redraw(form.errors);
    const result = await requestSignUp(services, { ...form.data, basePath: request.basePath, ip: request.ip });
    if (!result.ok) return redraw(result.errors);
    return sendPage(request, reply, (context) =>
      CheckMailboxPage({
        context,
        title: 'Vérifiez votre messagerie',
        text: `Un message vient d’être envoyé à ${form.data.email}. Suivez le lien qu’il contient pour activer votre compte (valable 24 heures).`,
      }),
    );
  });

  app.get('/inscription/confirmer', async (request, reply) => {
    const token = parseQuery(ZLinkQuery, request).jeton;
    if (!token)
      return sendPage(
        request,
        reply,
        (context) =>
          InvalidLinkPage({
            context,
            text: 'Ce lien d’activation est incomplet. Copiez le lien entier depuis le message reçu.',
          }),
        404,
      );
    return sendPage(request, reply, (context) =>
      ConfirmLinkPage({
        context,
        title: 'Activer votre compte',
        text: 'Dernière étape : activez votre compte GrandLyon Connect.',
        action: '/inscription/confirmer',
        token,
        button: 'Activer mon compte',
      }),
    );
  });

  app.post('/inscription/confirmer', async (request, reply) => {
    const form = parseForm(ZToken, request.body);
    const result = form.ok
      ? await confirmSignUp(services, { token: form.data.jeton, ip: request.ip })
      : ({ ok: false, reason: 'invalid_link' } as const);
    if (!result.ok) {
      const text =
        result.reason === 'email_taken'
          ? 'Un compte existe déjà avec cette adresse électronique. Connectez-vous, ou demandez un nouveau mot de passe.'
          : 'Ce lien d’activation a expiré ou a déjà servi. Recommencez l’inscription pour en recevoir un nouveau.';
      return sendPage(request, reply, (context) => InvalidLinkPage({ context, text }), 410);
    }
    const session = await startSession(services, {
      account: result.account,
      ip: request.ip,
      userAgent: request.headers['user-agent'] ?? null,
      acr: ACR.password,
      amr: ['pwd'],
      method: 'password',
    });
    setSessionCookie(services, reply, session.sessionToken);
    return redirectWithin(request, reply, '/compte?fait=bienvenue');
  });

  app.get('/mot-de-passe-oublie', async (request, reply) =>
    sendPage(request, reply, (context) => ForgottenPasswordPage({ context, values: {}, errors: {} })),
  );

  app.post('/mot-de-passe-oublie', mailLimit, async (request, reply) => {
    const form = parseForm(ZEmail, request.body);
    if (!form.ok) {
      return sendPage(
        request,
        reply,
        (context) =>
          ForgottenPasswordPage({ context, values: { email: String(form.values.email ?? '') }, errors: form.errors }),
        422,
      );
    }
    await requestPasswordReset(services, { email: form.data.email, basePath: request.basePath });
    return sendPage(request, reply, (context) =>
      CheckMailboxPage({
        context,
        title: 'Vérifiez votre messagerie',
        text: `Si un compte existe avec l’adresse ${form.data.email}, un lien pour choisir un nouveau mot de passe vient d’y être envoyé (valable une heure).`,
      }),
    );
  });

  app.get('/mot-de-passe/nouveau', async (request, reply) => {
    const token = parseQuery(ZLinkQuery, request).jeton;
    if (!token)
      return sendPage(
        request,
        reply,
        (context) =>
          InvalidLinkPage({ context, text: 'Ce lien est incomplet. Copiez le lien entier depuis le message reçu.' }),
        404,
      );
    return sendPage(request, reply, (context) => NewPasswordPage({ context, token, errors: {} }));
  });

  app.post('/mot-de-passe/nouveau', async (request, reply) => {
    const form = parseForm(ZNewPassword, request.body);
    const token = formText(form.values).jeton ?? '';
    if (!form.ok)
      return sendPage(request, reply, (context) => NewPasswordPage({ context, token, errors: form.errors }), 422);
    const result = await resetPassword(services, {
      token: form.data.jeton,
      password: form.data.password,
      ip: request.ip,
    });
    if (!result.ok && result.reason === 'invalid')
      return sendPage(request, reply, (context) => NewPasswordPage({ context, token, errors: result.errors }), 422);
    if (!result.ok) {
      return sendPage(
        request,
        reply,
        (context) =>
          InvalidLinkPage({
            context,
            text: 'Ce lien a expiré ou a déjà servi. Demandez-en un nouveau depuis « Mot de passe oublié ».',
          }),
        410,
      );
    }
    return redirectWithin(request, reply, '/connexion?fait=mot-de-passe');
  });

  app.get('/compte/adresse-electronique/confirmer', async (request, reply) => {
    const token = parseQuery(ZLinkQuery, request).jeton;
    if (!token)
      return sendPage(
        request,
        reply,
        (context) =>
          InvalidLinkPage({ context, text: 'Ce lien est incomplet. Copiez le lien entier depuis le message reçu.' }),
        404,
      );
    return sendPage(request, reply, (context) =>
      ConfirmLinkPage({
        context,
        title: 'Confirmer votre nouvelle adresse',
        text: 'Confirmez que cette adresse électronique est désormais celle de votre compte GrandLyon Connect.',
        action: '/compte/adresse-electronique/confirmer',
        token,
        button: 'Confirmer la nouvelle adresse',
      }),
    );
  });

  app.post('/compte/adresse-electronique/confirmer', async (request, reply) => {
    const form = parseForm(ZToken, request.body);
    const result = form.ok
      ? await confirmEmailChange(services, { token: form.data.jeton, ip: request.ip })
      : { ok: false };
    if (!result.ok)
      return sendPage(
        request,
        reply,
        (context) =>
          InvalidLinkPage({
            context,
            text: 'Ce lien a expiré, a déjà servi, ou l’adresse est déjà utilisée par un autre compte.',
          }),
        410,
      );
    return redirectWithin(request, reply, request.user ? '/compte?fait=adresse' : '/connexion?fait=adresse');
  });
}
