import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorPage } from '../views/error-page.tsx';
import type { PageContext } from '../views/page-context.ts';
import { AppError, type ErrorCode, toProblem } from './errors.ts';
import { isMultipartReadingFailure } from './input-hygiene.ts';
import { pageContext, renderHtml } from './render.tsx';

/**
 * Requests answered in JSON: the API, the geocoder (an API too, under the path Photon's clients expect), health
 * checks, and clients that ask for JSON rather than HTML.
 */
export function wantsJson(request: FastifyRequest): boolean {
  const path = request.url;
  if (path.startsWith('/api/') || path.startsWith('/geocodage/') || path === '/healthz' || path.startsWith('/oidc/'))
    return true;
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

/** Maps what Fastify and its plugins throw to our stable codes. */
function toAppError(error: FastifyError, request: FastifyRequest): AppError {
  if (error instanceof AppError) return error;
  if (isMultipartReadingFailure(request, error))
    return new AppError('bad_request', 'Le formulaire envoyé est incomplet ou mal formé.');
  const code = error.code ?? '';
  if (code.startsWith('FST_CSRF_'))
    return new AppError(
      'csrf_invalid',
      'Le formulaire a expiré ou ne vient pas de ce site. Rechargez la page et recommencez.',
    );
  if (
    code === 'FST_ERR_CTP_BODY_TOO_LARGE' ||
    code === 'FST_REQ_FILE_TOO_LARGE' ||
    code === 'FST_FILES_LIMIT' ||
    error.statusCode === 413
  )
    return new AppError('payload_too_large', 'Le contenu envoyé dépasse la taille autorisée (5 Mo par fichier).');
  if (
    code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ||
    code === 'FST_INVALID_MULTIPART_CONTENT_TYPE' ||
    error.statusCode === 415
  )
    return new AppError('unsupported_media_type', "Ce type de contenu n'est pas accepté ici.");
  if (code === 'FST_ERR_VALIDATION' || code.startsWith('FST_ERR_CTP_') || error.statusCode === 400)
    return new AppError('bad_request', 'La requête est mal formée.');
  if (error.statusCode === 429)
    return new AppError('too_many_requests', 'Trop de requêtes. Patientez une minute avant de réessayer.');
  if (error.statusCode === 404) return new AppError('not_found');
  if (error.statusCode === 405) return new AppError('method_not_allowed');
  return new AppError('internal_error');
}

const FALLBACK_CONTEXT: PageContext = {
  tenant: {
    name: 'Communs',
    slug: 'metropole',
    kind: 'metropole',
    isTestInstance: false,
    base: '',
    logoUrl: null,
    themeVersion: '0',
  },
  user: null,
  csrfToken: '',
  currentPath: '/',
};

export async function sendError(request: FastifyRequest, reply: FastifyReply, error: AppError): Promise<FastifyReply> {
  if (error.headers) void reply.headers(error.headers);
  if (error.code === 'authentication_required' && !wantsJson(request) && request.method === 'GET' && request.tenant) {
    // A page that needs a session sends people to log in, then back where they were going.
    const back = encodeURIComponent(request.url);
    return reply.redirect(`${request.basePath}/connexion?retour=${back}`, 303);
  }
  if (wantsJson(request)) {
    return reply
      .status(error.status)
      .type('application/problem+json; charset=utf-8')
      .send(toProblem(error, request.url.split('?')[0]));
  }
  let context = FALLBACK_CONTEXT;
  if (request.tenant) {
    try {
      context = await pageContext(request, reply);
    } catch {
      // The error page must render even when what failed is the database.
    }
  }
  return reply
    .status(error.status)
    .type('text/html; charset=utf-8')
    .send(renderHtml(ErrorPage({ context, status: error.status, title: error.title, detail: error.detail })));
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const appError = toAppError(error, request);
    if (appError.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: appError.code }, 'request refused');
    return sendError(request, reply, appError);
  });
  app.setNotFoundHandler(async (request, reply) =>
    sendError(request, reply, new AppError('not_found' satisfies ErrorCode)),
  );
}
