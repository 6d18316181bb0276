/**
 * A minimal Open311 GeoReport v2 client written from the specification (wiki.open311.org/GeoReport_v2), as a
 * commune's tool or a mobile application would be: JSON format, POST form-encoded with an api_key, errors read as the
 * list `[{ code, description }]`.
 */
export type Open311Service = {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime' | 'batch' | 'blackbox';
  keywords: string;
  group: string;
};

export type Open311Attribute = {
  variable: boolean;
  code: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: boolean;
  description: string;
  order: number;
  values?: Array<{ key: string; name: string }>;
};

export class Open311ClientError extends Error {
  constructor(
    readonly status: number,
    readonly errors: Array<{ code: number; description: string }>,
  ) {
    super(errors.map((e) => `${e.code} ${e.description}`).join('; '));
  }
}

export class Open311Client {
  constructor(
    private readonly endpoint: string,
    private readonly options: { jurisdictionId?: string; apiKey?: string } = {},
  ) {}

  private url(path: string, query: Record<string, string> = {}): string {
    const url = new URL(path, this.endpoint);
    if (this.options.jurisdictionId) url.searchParams.set('jurisdiction_id', this.options.jurisdictionId);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    return url.toString();
  }

  private async read<T>(response: Response): Promise<T> {
    const body = (await response.json()) as unknown;
    if (!response.ok)
      throw new Open311ClientError(response.status, body as Array<{ code: number; description: string }>);
    return body as T;
  }

  async services(): Promise<Open311Service[]> {
    return this.read(await fetch(this.url('services.json')));
  }

  async serviceDefinition(code: string): Promise<{ service_code: string; attributes: Open311Attribute[] }> {
    return this.read(await fetch(this.url(`services/${encodeURIComponent(code)}.json`)));
  }

  /** POST requests: `lat`/`long`, `attribute[code]` (repeated for a multivaluelist), `email`, `description`. */
  async postRequest(request: {
    serviceCode: string;
    lat?: number;
    long?: number;
    email?: string;
    description?: string;
    attributes?: Record<string, string | string[]>;
  }): Promise<Array<{ service_request_id?: string; token?: string; service_notice?: string }>> {
    const form = new URLSearchParams();
    if (this.options.apiKey) form.set('api_key', this.options.apiKey);
    if (this.options.jurisdictionId) form.set('jurisdiction_id', this.options.jurisdictionId);
    form.set('service_code', request.serviceCode);
    if (request.lat !== undefined) form.set('lat', String(request.lat));
    if (request.long !== undefined) form.set('long', String(request.long));
    if (request.email) form.set('email', request.email);
    if (request.description) form.set('description', request.description);
    for (const [code, value] of Object.entries(request.attributes ?? {}))
      for (const item of Array.isArray(value) ? value : [value])
        form.append(Array.isArray(value) ? `attribute[${code}][]` : `attribute[${code}]`, item);
    return this.read(
      await fetch(new URL('requests.json', this.endpoint), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
        body: form.toString(),
      }),
    );
  }

  /** GET requests: filtered by service_request_id (comma list), service_code, status, start_date/end_date. */
  async requests(filters: Record<string, string> = {}): Promise<Open311Request[]> {
    return this.read(await fetch(this.url('requests.json', filters)));
  }

  async request(id: string): Promise<Open311Request[]> {
    return this.read(await fetch(this.url(`requests/${encodeURIComponent(id)}.json`)));
  }
}

export type Open311Request = {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes?: string;
  service_name?: string;
  service_code?: string;
  description?: string;
  agency_responsible?: string;
  requested_datetime?: string;
  updated_datetime?: string;
  lat?: number;
  long?: number;
};
