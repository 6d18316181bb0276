import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ERROR_CODES, problemType, AppError } from './errors.ts';
import { bearerToken } from './guards.ts';

type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type ApiResponseSpec = { description: string; schema?: z.ZodType; contentType?: string };

/**
 * One JSON API operation, declared once: the route is registered from it and the OpenAPI 3.1 document is generated
 * from it. zod 4 emits JSON Schema 2020-12, which is what OpenAPI 3.1 uses, so validation and documentation cannot
 * drift apart.
 */
export type ApiOperation<Q extends z.ZodType, P extends z.ZodType, B extends z.ZodType> = {
  method: HttpMethod;
  /** OpenAPI style: /api/communes/{slug} */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  /**
   * 'public' needs nothing; 'session' needs a signed-in user; 'client' needs an OAuth 2.0 bearer token obtained with
   * the client-credentials grant at /oidc/token (the handler checks the token and its scope: see the identity module).
   */
  access: 'public' | 'session' | 'client';
  /** For 'client' access: the scope the token must carry (documented in the OpenAPI document). */
  scope?: string;
  /**
   * The security requirement the document states, when the handler authenticates by itself (an operation open to an
   * agent's session or to a bearer token, say); otherwise derived from `access`.
   */
  security?: Array<Record<string, string[]>>;
  query?: Q;
  params?: P;
  body?: B;
  responses: Record<number, ApiResponseSpec>;
  /** Requests per minute per address; public endpoints are limited by default; 0 means no limit (health checks). */
  rateLimitPerMinute?: number;
  /** Largest body accepted, in bytes, when the application's default (1 MiB) is too small (e.g. files in base64). */
  bodyLimit?: number;
};

export type ApiInput<Q, P, B> = { query: Q; params: P; body: B };

/** Every scope a client-credentials token may need for some operation, with the operation it opens (for the document). */
function clientCredentialsScopes(
  operations: ReadonlyArray<ApiOperation<z.ZodType, z.ZodType, z.ZodType>>,
): Record<string, string> {
  const scopes: Record<string, string> = {};
  for (const op of operations) {
    const named = [
      ...(op.scope ? [op.scope] : []),
      ...(op.security ?? []).flatMap((requirement) => requirement.clientCredentials ?? []),
    ];
    for (const scope of named) scopes[scope] ??= op.summary;
  }
  return scopes;
}

export class ApiRegistry {
  readonly operations: Array<ApiOperation<z.ZodType, z.ZodType, z.ZodType>> = [];

  toOpenApi(options: { serverUrl: string }): Record<string, unknown> {
    const paths: Record<string, Record<string, unknown>> = {};
    for (const op of this.operations) {
      const parameters = [...objectParameters(op.params, 'path'), ...objectParameters(op.query, 'query')];
      const responses: Record<string, unknown> = {};
      for (const [status, spec] of Object.entries(op.responses)) {
        responses[status] = {
          description: spec.description,
          ...(spec.schema
            ? { content: { [spec.contentType ?? 'application/json']: { schema: jsonSchema(spec.schema) } } }
            : {}),
        };
      }
      responses.default = {
        description: 'Erreur (RFC 9457)',
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      };
      paths[op.path] ??= {};
      (paths[op.path] as Record<string, unknown>)[op.method.toLowerCase()] = {
        operationId: op.operationId,
        summary: op.summary,
        ...(op.description ? { description: op.description } : {}),
        tags: [op.tag],
        security:
          op.security ??
          (op.access === 'session'
            ? [{ session: [] }]
            : op.access === 'client'
              ? [{ clientCredentials: op.scope ? [op.scope] : [] }]
              : []),
        ...(parameters.length ? { parameters } : {}),
        ...(op.body
          ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(op.body) } } } }
          : {}),
        responses,
      };
    }
    return {
      openapi: '3.1.0',
      info: {
        title: 'API Communs',
        version: '1.0.0',
        description:
          'API de la plateforme Communs (Métropole de Lyon et communes). Les erreurs suivent la RFC 9457 (application/problem+json) avec un champ `code` stable.',
      },
      servers: [{ url: options.serverUrl }],
      paths,
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'communs_session' },
          openIdConnect: {
            type: 'openIdConnect',
            openIdConnectUrl: '/oidc/.well-known/openid-configuration',
            description: 'Jeton d’accès d’un usager (GrandLyon Connect).',
          },
          clientCredentials: {
            type: 'oauth2',
            description:
              'Jeton obtenu par un client OpenID Connect enregistré (kit de connexion), grant client_credentials.',
            flows: { clientCredentials: { tokenUrl: '/oidc/token', scopes: clientCredentialsScopes(this.operations) } },
          },
        },
        schemas: {
          Problem: {
            type: 'object',
            required: ['type', 'title', 'status', 'code'],
            properties: {
              type: { type: 'string', description: 'urn:communs:probleme:<code>' },
              title: { type: 'string' },
              status: { type: 'integer' },
              code: { type: 'string', enum: Object.keys(ERROR_CODES) },
              detail: { type: 'string' },
              instance: { type: 'string' },
              errors: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['field', 'message'],
                  properties: { field: { type: 'string' }, message: { type: 'string' } },
                },
              },
            },
            examples: [
              { type: problemType('not_found'), title: ERROR_CODES.not_found.title, status: 404, code: 'not_found' },
            ],
          },
        },
      },
    };
  }
}

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
}

function objectParameters(schema: z.ZodType | undefined, location: 'path' | 'query'): unknown[] {
  if (!schema) return [];
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, Record<string, unknown>>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...propertySchema } = property;
    return {
      name,
      in: location,
      required: location === 'path' || (json.required ?? []).includes(name),
      ...(description ? { description } : {}),
      schema: propertySchema,
    };
  });
}

function validationError(error: z.ZodError, where: string): AppError {
  return new AppError('validation_failed', `Paramètres invalides (${where}).`, {
    fields: error.issues.map((issue) => ({ field: issue.path.map(String).join('.') || where, message: issue.message })),
  });
}

// Module level rather than a closure made per request: the route's handler is the hot path of every API call.
function parseInput(schema: z.ZodType | undefined, value: unknown, where: string): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value ?? {});
  if (!result.success) throw validationError(result.error, where);
  return result.data;
}

/** Registers an API operation: validates its inputs with zod (422 problem+json listing each field) and documents it. */
export function apiRoute<
  Q extends z.ZodType = z.ZodUndefined,
  P extends z.ZodType = z.ZodUndefined,
  B extends z.ZodType = z.ZodUndefined,
>(
  app: FastifyInstance,
  registry: ApiRegistry,
  operation: ApiOperation<Q, P, B>,
  handler: (
    request: FastifyRequest,
    reply: FastifyReply,
    input: ApiInput<z.output<Q>, z.output<P>, z.output<B>>,
  ) => Promise<unknown>,
): void {
  registry.operations.push(operation as unknown as ApiOperation<z.ZodType, z.ZodType, z.ZodType>);
  const limit = operation.rateLimitPerMinute ?? (operation.access === 'public' ? 300 : 0);
  app.route({
    method: operation.method,
    url: operation.path.replace(/\{(\w+)\}/g, ':$1'),
    ...(limit ? { config: { rateLimit: { max: limit, timeWindow: 60_000 } } } : {}),
    ...(operation.bodyLimit ? { bodyLimit: operation.bodyLimit } : {}),
    handler: async (request, reply) => {
      if (operation.access === 'session' && !request.user) {
        throw new AppError('authentication_required', 'Connectez-vous pour utiliser cette opération.');
      }
      if (operation.access === 'client' && !bearerToken(request)) {
        throw new AppError(
          'authentication_required',
          'Un jeton d’accès (grant client_credentials) est requis dans l’en-tête Authorization.',
          {
            headers: { 'www-authenticate': 'Bearer' },
          },
        );
      }
      const input = {
        query: parseInput(operation.query, request.query, 'query'),
        params: parseInput(operation.params, request.params, 'path'),
        body: parseInput(operation.body, request.body, 'body'),
      } as ApiInput<z.output<Q>, z.output<P>, z.output<B>>;
      return handler(request, reply, input);
    },
  });
}
