/**
 * Stable error codes (DESIGN invariant 7). An API client branches on `code`; a person reads `title` and `detail`,
 * always in French. Codes are never renamed once published.
 */
export const ERROR_CODES = {
  bad_request: { status: 400, title: 'Requête invalide' },
  validation_failed: { status: 422, title: 'Certaines valeurs sont invalides' },
  authentication_required: { status: 401, title: 'Authentification requise' },
  invalid_credentials: { status: 401, title: 'Identifiants incorrects' },
  invalid_token: { status: 401, title: 'Jeton d’accès invalide ou expiré' },
  insufficient_scope: { status: 403, title: 'Portée du jeton insuffisante' },
  forbidden: { status: 403, title: 'Accès refusé' },
  csrf_invalid: { status: 403, title: 'Formulaire expiré ou invalide' },
  capability_unavailable: { status: 403, title: "Service non inclus dans l'offre de la commune" },
  not_found: { status: 404, title: 'Page introuvable' },
  method_not_allowed: { status: 405, title: 'Méthode non autorisée' },
  conflict: { status: 409, title: 'Conflit' },
  version_conflict: { status: 409, title: 'La ressource a changé entre-temps' },
  request_held: { status: 409, title: 'Demande traitée par un autre agent' },
  transition_refused: { status: 409, title: 'Action impossible à ce statut' },
  payload_too_large: { status: 413, title: 'Contenu trop volumineux' },
  unsupported_media_type: { status: 415, title: 'Type de contenu non pris en charge' },
  too_many_requests: { status: 429, title: 'Trop de tentatives' },
  internal_error: { status: 500, title: 'Erreur interne' },
  service_unavailable: { status: 503, title: 'Service indisponible' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** One invalid field, named as the client sent it. */
export type FieldProblem = { field: string; message: string };

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly title: string;
  readonly detail: string | undefined;
  readonly fields: FieldProblem[] | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    code: ErrorCode,
    detail?: string,
    options: { fields?: FieldProblem[]; headers?: Record<string, string> } = {},
  ) {
    super(detail ?? ERROR_CODES[code].title);
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.title = ERROR_CODES[code].title;
    this.detail = detail;
    this.fields = options.fields;
    this.headers = options.headers;
  }
}

export const notFound = (detail?: string) => new AppError('not_found', detail);
export const forbidden = (detail?: string) => new AppError('forbidden', detail);

/** RFC 9457 problem details, with our stable `code` and, for invalid input, one entry per field. */
export type ProblemDetails = {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail?: string;
  instance?: string;
  errors?: FieldProblem[];
};

export function problemType(code: ErrorCode): string {
  return `urn:communs:probleme:${code}`;
}

export function toProblem(error: AppError, instance?: string): ProblemDetails {
  return {
    type: problemType(error.code),
    title: error.title,
    status: error.status,
    code: error.code,
    ...(error.detail ? { detail: error.detail } : {}),
    ...(instance ? { instance } : {}),
    ...(error.fields ? { errors: error.fields } : {}),
  };
}
