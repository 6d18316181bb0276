import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

const rnd = () => Math.floor(Math.random() * 254) + 1;

/**
 * Talks to the app as a browser would: keeps cookies, reads the CSRF token from the page it last loaded and sends it
 * back with forms. Tests assert on status, headers and HTML, the way a user or a partner sees them.
 */
export class TestClient {
  private readonly cookies = new Map<string, string>();
  private lastCsrf: string | null = null;
  /**
   * Each client comes from an address of its own, as separate people do: the per-address login throttle is shared by
   * every test file running on one PostgreSQL database.
   */
  readonly remoteAddress = `10.${rnd()}.${rnd()}.${rnd()}`;

  constructor(private readonly app: FastifyInstance) {}

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  private remember(response: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of response.cookies as Array<{ name: string; value: string; maxAge?: number; expires?: Date }>) {
      const expired = c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now()) || c.value === '';
      if (expired) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body);
    if (token?.[1]) this.lastCsrf = token[1];
    return response;
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.remember(
      await this.app.inject({
        method: 'GET',
        url,
        remoteAddress: this.remoteAddress,
        headers: { cookie: this.cookieHeader, ...headers },
      }),
    );
  }

  /** Submits a form as the page at `pageUrl` would: loads it, takes its CSRF token, posts to `action`. */
  async submit(
    pageUrl: string,
    action: string,
    fields: Record<string, string | string[]>,
  ): Promise<LightMyRequestResponse> {
    await this.get(pageUrl);
    return this.post(action, fields);
  }

  /** Posts a form with the last CSRF token seen (none if `withCsrf` is false). */
  async post(
    action: string,
    fields: Record<string, string | string[]>,
    options: { withCsrf?: boolean } = {},
  ): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
    if (options.withCsrf !== false && this.lastCsrf) body.set('_csrf', this.lastCsrf);
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url: action,
        remoteAddress: this.remoteAddress,
        headers: { cookie: this.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' },
        payload: body.toString(),
      }),
    );
  }

  /** Posts a multipart form (file uploads), with the last CSRF token. */
  async postMultipart(
    action: string,
    fields: Record<string, string>,
    files: Record<string, { filename: string; contentType: string; bytes: Buffer }>,
  ): Promise<LightMyRequestResponse> {
    const boundary = `----communs${Math.random().toString(16).slice(2)}`;
    const parts: Buffer[] = [];
    const all = { ...fields, ...(this.lastCsrf ? { _csrf: this.lastCsrf } : {}) };
    for (const [name, value] of Object.entries(all)) {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
    }
    for (const [name, file] of Object.entries(files)) {
      parts.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${file.filename}"\r\nContent-Type: ${file.contentType}\r\n\r\n`,
        ),
        file.bytes,
        Buffer.from('\r\n'),
      );
    }
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url: action,
        remoteAddress: this.remoteAddress,
        headers: { cookie: this.cookieHeader, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: Buffer.concat(parts),
      }),
    );
  }

  /**
   * Logs in through the real login form, then lands on the page it redirects to, as a browser does: forms are then
   * posted with a token of the new session (a token is bound to its session).
   */
  async login(email: string, password: string, base = ''): Promise<LightMyRequestResponse> {
    const response = await this.submit(`${base}/connexion`, `${base}/connexion`, { email, password });
    const location = response.headers.location;
    if (response.statusCode === 303 && typeof location === 'string' && location.startsWith('/'))
      await this.get(location);
    return response;
  }
}
