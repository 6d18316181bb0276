/** Name of the cookie carrying the session token (the database keeps only its hash). */
export const SESSION_COOKIE = 'communs_session';
