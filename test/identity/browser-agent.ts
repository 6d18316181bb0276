/**
 * A small browser for protocol tests over real HTTP: a cookie jar per host, redirects followed one by one (so a test
 * sees every hop), forms submitted with their CSRF token. Playwright does the same with a real browser in e2e tests.
 */
export type Hop = { url: string; status: number; location: string | null; body: string };

export class BrowserAgent {
  private readonly jar = new Map<string, Map<string, string>>();
  readonly history: Hop[] = [];

  cookie(host: string, name: string): string | undefined {
    return this.jar.get(host)?.get(name);
  }

  private cookieHeader(url: URL): string {
    return [...(this.jar.get(url.host) ?? new Map<string, string>())].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keepCookies(url: URL, response: Response): void {
    const jar = this.jar.get(url.host) ?? new Map<string, string>();
    this.jar.set(url.host, jar);
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';').map((p) => p.trim());
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      const expired = attributes.some(
        (a) => /^max-age=0$/i.test(a) || (/^expires=/i.test(a) && new Date(a.slice(8)).getTime() < Date.now()),
      );
      if (expired || value === '') jar.delete(name);
      else jar.set(name, value);
    }
  }

  /** One request, no redirect followed. */
  async request(
    url: string,
    init: { method?: string; form?: Record<string, string | string[]>; headers?: Record<string, string> } = {},
  ): Promise<Hop> {
    const target = new URL(url);
    const headers: Record<string, string> = { cookie: this.cookieHeader(target), ...init.headers };
    let body: string | undefined;
    if (init.form) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(init.form))
        for (const item of Array.isArray(v) ? v : [v]) params.append(k, item);
      body = params.toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const response = await fetch(target, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      headers,
      body,
      redirect: 'manual',
    });
    this.keepCookies(target, response);
    const location = response.headers.get('location');
    const hop = {
      url: target.href,
      status: response.status,
      location: location ? new URL(location, target).href : null,
      body: await response.text(),
    };
    this.history.push(hop);
    return hop;
  }

  /** Follows redirects until a page answers, or until the next hop would leave for `stopAt` (a relying party). */
  async follow(start: Hop | string, options: { stopAt?: string } = {}): Promise<Hop> {
    let hop = typeof start === 'string' ? await this.request(start) : start;
    for (let i = 0; i < 20 && hop.location && hop.status >= 300 && hop.status < 400; i++) {
      if (options.stopAt && hop.location.startsWith(options.stopAt)) return hop;
      hop = await this.request(hop.location);
    }
    return hop;
  }

  /** Submits the page's form (the first one whose action matches), with its hidden fields and the given values. */
  async submit(page: Hop, actionMatch: RegExp, fields: Record<string, string | string[]>): Promise<Hop> {
    const forms = [...page.body.matchAll(/<form\b[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g)];
    const form = forms.find((f) => actionMatch.test(decode(f[1]!)));
    if (!form) throw new Error(`no form matching ${actionMatch} on ${page.url}`);
    const hidden: Record<string, string> = {};
    for (const input of form[2]!.matchAll(/<input\b[^>]*type="hidden"[^>]*>/g)) {
      const name = /name="([^"]*)"/.exec(input[0])?.[1];
      const value = /value="([^"]*)"/.exec(input[0])?.[1] ?? '';
      if (name) hidden[name] = decode(value);
    }
    return this.request(new URL(decode(form[1]!), page.url).href, { form: { ...hidden, ...fields } });
  }
}

function decode(html: string): string {
  return html
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
}
