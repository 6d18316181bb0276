import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../../platform/services.ts';
import type { ResolvedTenant } from '../../../platform/tenancy/tenant-directory.ts';
import { type EServiceRow, resolveEService, searchEServices } from '../../catalogue/index.ts';
import { type FormDefinition, isInput, loadFormVersion, rawFromJson } from '../../forms/index.ts';
import { findRequest, type RequestRow, submitRequest } from '../../requests/index.ts';
import { withTenant } from '../../../platform/db/tenant-scope.ts';
import { listOpen311Requests, type Open311RequestRow, recordOpen311Request } from './open311-requests.repo.ts';
import { tokenDigest } from '../../identity/index.ts';
import { findOpen311ClientTenant } from './open311-clients.repo.ts';
import { Open311Error, type Open311Format, sendList, sendObject, sendOpen311Error } from './open311-format.ts';

const BASE = '/open311/v2';
type Fields = Record<string, unknown>;

const formatOf = (format: string): Open311Format => {
  if (format === 'json' || format === 'xml') return format;
  throw new Open311Error(404, 'Unknown format: use .json or .xml');
};

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** jurisdiction_id is a commune's (or the metropolis's) slug; without it, the instance the call reached. */
async function jurisdictionOf(services: Services, request: FastifyRequest, fields: Fields): Promise<ResolvedTenant> {
  const slug = text(fields.jurisdiction_id);
  if (!slug) return request.tenant;
  const tenant = await services.tenants.bySlug(slug);
  if (!tenant || tenant.isTestInstance) throw new Open311Error(404, `jurisdiction_id not found: ${slug}`);
  return tenant;
}

/** A service open in the jurisdiction: its own, or a mutualised one of the metropolis. */
async function serviceOf(services: Services, jurisdiction: ResolvedTenant, code: string) {
  const own = await resolveEService(services, jurisdiction, code);
  const found =
    own ??
    (jurisdiction.kind === 'commune'
      ? await resolveEService(services, await services.tenants.metropole(), code)
      : undefined);
  if (!found || (!own && !found.eservice.mutualised) || !found.eservice.published_form_version_id)
    throw new Open311Error(404, `service_code not found: ${code}`);
  return { ...found, formVersionId: found.eservice.published_form_version_id };
}

const DATATYPES: Record<string, string> = {
  text: 'string',
  email: 'string',
  phone: 'string',
  address: 'string',
  textarea: 'text',
  number: 'number',
  date: 'datetime',
  choice: 'singlevaluelist',
  choices: 'multivaluelist',
  checkbox: 'singlevaluelist',
};

/** GeoReport v2's service definition: one attribute per question the location, files and e-mail aside. */
function attributesOf(definition: FormDefinition) {
  return definition.fields
    .filter(isInput)
    .filter((field) => field.type in DATATYPES)
    .map((field, index) => ({
      variable: true,
      code: field.key,
      datatype: DATATYPES[field.type],
      required: field.required !== false,
      datatype_description: field.hint ?? '',
      order: index + 1,
      description: field.label,
      ...('options' in field
        ? { values: field.options.map((o) => ({ key: o.value, name: o.label })) }
        : field.type === 'checkbox'
          ? { values: [{ key: 'true', name: 'Oui' }] }
          : {}),
    }));
}

function serviceEntry(eservice: EServiceRow) {
  return {
    service_code: eservice.slug,
    service_name: eservice.title,
    description: eservice.summary,
    metadata: true,
    type: 'realtime',
    keywords: eservice.keywords.join(','),
    group: eservice.themes[0] ?? '',
  };
}

/**
 * The answers an Open311 POST carries, as the JSON API's: `attribute[<code>]` (arrays for multivaluelist), lat/long
 * for the form's point, description for its field so named (else its first long text).
 */
function answersOf(definition: FormDefinition, fields: Fields): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    const code = /^attribute\[([^\]]+)\](\[\])?$/.exec(name)?.[1];
    if (code) answers[code] = value;
  }
  const inputs = definition.fields.filter(isInput);
  const point = inputs.find((f) => f.type === 'mapPoint');
  if (point && text(fields.lat) && text(fields.long))
    answers[point.key] = { lat: Number(fields.lat), lon: Number(fields.long) };
  const description = inputs.find((f) => f.key === 'description') ?? inputs.find((f) => f.type === 'textarea');
  if (description && text(fields.description) && answers[description.key] === undefined)
    answers[description.key] = fields.description;
  return answers;
}

const dateOf = (value: unknown) => {
  const parsed = text(value) ? new Date(String(value)) : undefined;
  if (parsed && Number.isNaN(parsed.getTime())) throw new Open311Error(400, 'start_date or end_date is not a date');
  return parsed;
};

/** A request as GeoReport v2 returns it: open or closed, no personal data (the e-mail is never given). */
function requestEntry(row: Open311RequestRow, request: RequestRow) {
  const answers = request.answers as Record<string, unknown>;
  const point = Object.values(answers).find(
    (v): v is { lat: number; lon: number } => !!v && typeof v === 'object' && 'lat' in v && 'lon' in v,
  );
  const routing = request.routing as { competent?: { name?: string } } | null;
  return {
    service_request_id: row.number,
    status: request.closed_at ? 'closed' : 'open',
    status_notes: request.citizen_status,
    service_name: row.service_name,
    service_code: row.service_code,
    description: typeof answers.description === 'string' ? answers.description : '',
    agency_responsible: routing?.competent?.name ?? '',
    service_notice: '',
    requested_datetime: request.submitted_at.toISOString(),
    updated_datetime: (request.closed_at ?? request.updated_at).toISOString(),
    expected_datetime: '',
    address: '',
    address_id: '',
    zipcode: '',
    lat: point?.lat ?? '',
    long: point?.lon ?? '',
    media_url: '',
  };
}

/** Our Open311 GeoReport v2 server: any Open311 client (a commune's tool, a mobile application) uses the platform. */
export function registerOpen311Routes(app: FastifyInstance): void {
  const { services } = app;
  const handle =
    (run: (request: FastifyRequest, reply: FastifyReply, format: Open311Format) => Promise<unknown>) =>
    async (request: FastifyRequest<{ Params: { format: string } }>, reply: FastifyReply) => {
      const format = request.params.format === 'xml' ? 'xml' : 'json';
      try {
        return await run(request, reply, formatOf(request.params.format));
      } catch (error) {
        if (error instanceof Open311Error) return sendOpen311Error(reply, format, error);
        throw error;
      }
    };

  app.get(
    `${BASE}/services.:format`,
    handle(async (request, reply, format) => {
      const jurisdiction = await jurisdictionOf(services, request, request.query as Fields);
      const entries = await searchEServices(services, { browsing: jurisdiction, q: '', limit: 500 });
      return sendList(
        reply,
        format,
        'services',
        entries.map((e) => serviceEntry(e.eservice)),
      );
    }),
  );

  app.get(
    `${BASE}/services/:code.:format`,
    handle(async (request, reply, format) => {
      const { code } = request.params as { code: string };
      const jurisdiction = await jurisdictionOf(services, request, request.query as Fields);
      const found = await serviceOf(services, jurisdiction, code);
      const form = await loadFormVersion(services.db, found.formVersionId);
      return sendObject(reply, format, 'service_definition', {
        service_code: found.eservice.slug,
        attributes: attributesOf(form.definition),
      });
    }),
  );

  app.post(
    `${BASE}/requests.:format`,
    { config: { csrfExempt: true } },
    handle(async (request, reply, format) => {
      const fields = (request.body ?? {}) as Fields;
      const apiKey = text(fields.api_key);
      if (!apiKey) throw new Open311Error(403, 'api_key missing');
      const jurisdiction = await jurisdictionOf(services, request, fields);
      const clientTenant = await findOpen311ClientTenant(services.db, tokenDigest(apiKey));
      if (!clientTenant || clientTenant !== jurisdiction.production.id)
        throw new Open311Error(403, 'api_key invalid for this jurisdiction_id');
      const code = text(fields.service_code);
      if (!code) throw new Open311Error(400, 'service_code missing');
      const found = await serviceOf(services, jurisdiction, code);
      const form = await loadFormVersion(services.db, found.formVersionId);
      const email = text(fields.email) ?? '';
      const outcome = await submitRequest(services, {
        eservice: found.eservice,
        provider: found.provider,
        form,
        answers: { known: {}, raw: rawFromJson(form.definition, answersOf(form.definition, fields)) },
        citizen: null,
        contact: { email, sms: '' },
        // Open311 has no idempotency key: each call is a new report.
        idempotency: { key: `open311-${randomUUID()}`, fingerprint: JSON.stringify(fields) },
      });
      if (!outcome.ok) {
        const problems = Object.entries(outcome.invalid.answers.errors).map(([key, message]) => ({
          code: 400,
          description: `attribute[${key}]: ${message}`,
        }));
        if (outcome.invalid.contactEmail)
          problems.push({ code: 400, description: 'email: adresse manquante ou invalide' });
        return sendList(reply, format, 'errors', problems, 400);
      }
      const { request: row, routing, holder } = outcome.result;
      await withTenant(services.db, holder.id, (trx) =>
        recordOpen311Request(trx, {
          requestId: row.id,
          jurisdictionTenantId: jurisdiction.production.id,
          number: row.number,
          serviceCode: found.eservice.slug,
          serviceName: found.eservice.title,
          at: row.submitted_at,
        }),
      );
      return sendList(reply, format, 'service_requests', [
        { service_request_id: row.number, service_notice: routing.explanation },
      ]);
    }),
  );

  const requestsAnswer = async (jurisdiction: ResolvedTenant, rows: Open311RequestRow[]) => {
    const answers = [];
    for (const row of rows) {
      const request = await withTenant(services.db, row.tenant_id, (trx) => findRequest(trx, row.request_id));
      if (request) answers.push(requestEntry(row, request));
    }
    return answers;
  };

  app.get(
    `${BASE}/requests.:format`,
    handle(async (request, reply, format) => {
      const query = request.query as Fields;
      const jurisdiction = await jurisdictionOf(services, request, query);
      const now = services.clock.now();
      const to = dateOf(query.end_date) ?? now;
      const from = dateOf(query.start_date) ?? new Date(to.getTime() - 90 * 86_400_000);
      const rows = await listOpen311Requests(services.db, {
        jurisdictionTenantId: jurisdiction.production.id,
        numbers: text(query.service_request_id)
          ?.split(',')
          .map((n) => n.trim()),
        serviceCode: text(query.service_code),
        from,
        to,
        limit: 1000,
      });
      const statuses = text(query.status)?.split(',');
      const entries = (await requestsAnswer(jurisdiction, rows)).filter(
        (e) => !statuses || statuses.includes(e.status),
      );
      return sendList(reply, format, 'service_requests', entries);
    }),
  );

  app.get(
    `${BASE}/requests/:id.:format`,
    handle(async (request, reply, format) => {
      const { id } = request.params as { id: string };
      const jurisdiction = await jurisdictionOf(services, request, request.query as Fields);
      const rows = await listOpen311Requests(services.db, {
        jurisdictionTenantId: jurisdiction.production.id,
        numbers: [id],
        from: new Date(0),
        to: services.clock.now(),
        limit: 1,
      });
      const entries = await requestsAnswer(jurisdiction, rows);
      if (entries.length === 0) throw new Open311Error(404, `service_request_id not found: ${id}`);
      return sendList(reply, format, 'service_requests', entries);
    }),
  );

  // A realtime server issues no tokens (GeoReport v2: service_request_id XOR token).
  app.get(
    `${BASE}/tokens/:token.:format`,
    handle(async () => {
      throw new Open311Error(404, 'token not found: this server answers with service_request_id at once');
    }),
  );
}
