import path from 'node:path';
import { z } from 'zod';
import { parseAllowedAddresses } from './platform/outgoing/address-policy.ts';

/**
 * An XYZ raster tile template, "https://tiles.example.org/{z}/{x}/{y}.png": what OpenLayers' XYZ source reads, and
 * one origin the CSP can name (no "{a-c}" in the host). No quote, semicolon or space: the origin goes into the CSP.
 */
function tileTemplate(name: string) {
  const message = `${name} doit être une adresse https:// de tuiles contenant {z}, {x} et {y}, par exemple https://tuiles.example.org/{z}/{x}/{y}.png`;
  return z
    .string()
    .regex(/^https:\/\/[^\s'";/{}]+\/[^\s'";]*\{z\}[^\s'";]*$/, message)
    .refine((v) => v.includes('{x}') && v.includes('{y}') && URL.canParse(v), message)
    .optional();
}

/**
 * The whole environment, parsed once at start-up. A wrong value stops the process with a French message
 * naming the variable, rather than failing later in the middle of a request.
 */
const ZEnvironment = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_URL: z.url({ message: 'PUBLIC_URL doit être une URL (https://…)' }).optional(),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL doit commencer par postgres:// ou postgresql://')
    .optional(),
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET doit compter au moins 32 caractères').optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'SMTP_URL doit commencer par smtp:// ou smtps://')
    .optional(),
  MAIL_FROM: z.string().default('Communs <ne-pas-repondre@communs.localhost>'),
  DEMO_PASSWORD: z.string().min(8).default('Communs-demo-2026'),
  /** "givors.example.org=givors,mairie-venissieux.fr=venissieux": host names that open a commune's instance. */
  TENANT_HOSTS: z.string().default(''),
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  // Identity service (GrandLyon Connect). A partner is switched on when its issuer, client id and secret are all set.
  FRANCECONNECT_ISSUER: z.url({ message: 'FRANCECONNECT_ISSUER doit être une URL' }).optional(),
  FRANCECONNECT_CLIENT_ID: z.string().min(1).optional(),
  FRANCECONNECT_CLIENT_SECRET: z.string().min(1).optional(),
  PROCONNECT_ISSUER: z.url({ message: 'PROCONNECT_ISSUER doit être une URL' }).optional(),
  PROCONNECT_CLIENT_ID: z.string().min(1).optional(),
  PROCONNECT_CLIENT_SECRET: z.string().min(1).optional(),
  DEMO_CLIENT_SECRET: z
    .string()
    .min(16, 'DEMO_CLIENT_SECRET doit compter au moins 16 caractères')
    .default('demo-portal-secret-2026'),
  // School workspace: EduConnect (SAML 2.0). Switched on when all five are set; the files are PEM.
  EDUCONNECT_IDP_ENTITY_ID: z.string().min(1).optional(),
  EDUCONNECT_IDP_SSO_URL: z.url({ message: 'EDUCONNECT_IDP_SSO_URL doit être une URL' }).optional(),
  EDUCONNECT_IDP_CERT_FILE: z.string().min(1).optional(),
  EDUCONNECT_SP_KEY_FILE: z.string().min(1).optional(),
  EDUCONNECT_SP_CERT_FILE: z.string().min(1).optional(),
  INACTIVITY_WARNING_DAYS: z.coerce.number().int().min(30, 'INACTIVITY_WARNING_DAYS : 30 jours au moins').default(730),
  INACTIVITY_DELETION_DAYS: z.coerce
    .number()
    .int()
    .min(31, 'INACTIVITY_DELETION_DAYS : 31 jours au moins')
    .default(760),
  INACTIVITY_DRY_RUN: z.enum(['true', 'false']).default('false'),
  TOMBSTONE_DAYS: z.coerce.number().int().min(1).default(365),
  /**
   * Internal addresses a tenant's outgoing calls (webhooks, back-channel logout) may reach all the same, for
   * development and tests whose partners run on this machine: "127.0.0.1,::1", "10.1.0.0/16". Empty: none.
   */
  OUTGOING_ALLOWED_ADDRESSES: z.string().default(''),
  /**
   * Background tiles of the agents' map (XYZ template, "https://tiles.example.org/{z}/{x}/{y}.png"). Unset: the map
   * draws the communes' outlines from our own data only, so it works offline.
   */
  GIS_TILE_URL: tileTemplate('GIS_TILE_URL'),
  GIS_TILE_ATTRIBUTION: z.string().max(300).default(''),
  /**
   * Background tiles of the point maps (a report's place on the counter's forms, the request's page in the GRU), the
   * same XYZ raster template. Unset: the communes' outlines and the metropolis's from our own data, offline.
   */
  MAP_STYLE_URL: tileTemplate('MAP_STYLE_URL'),
  MAP_STYLE_ATTRIBUTION: z.string().max(300).default(''),
});

export type Config = {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  publicUrl: string;
  dataDir: string;
  databaseUrl: string | undefined;
  sessionSecret: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  demoPassword: string;
  tenantHosts: Map<string, string>;
  trustProxy: boolean;
  logLevel: string;
  workerConcurrency: number;
  /** True when cookies must carry `Secure` (the public URL is https). */
  secureCookies: boolean;
  identity: IdentityConfig;
  /** Internal addresses or ranges that outgoing calls made on a tenant's behalf may reach anyway. */
  outgoingAllowedAddresses: string[];
  /** The agents' map background: an XYZ tile template and its credit, or null for the offline outlines alone. */
  gisTiles: TileBackground | null;
  /** The point maps' background (MAP_STYLE_URL): an XYZ tile template and its credit, or null for our outlines alone. */
  mapTiles: TileBackground | null;
  /** The school workspace's federation with EduConnect; null when not configured. */
  eduConnect: EduConnectConfig | null;
};

/** Background tiles: an XYZ template ("https://…/{z}/{x}/{y}.png") and the credit shown on the map. */
export type TileBackground = { url: string; attribution: string };

/** EduConnect's entity and single sign-on address, its signing certificate, and our key and certificate (PEM files). */
export type EduConnectConfig = {
  idpEntityId: string;
  idpSsoUrl: string;
  idpCertFile: string;
  spKeyFile: string;
  spCertFile: string;
};

/** A State federation we log people in through (FranceConnect, ProConnect); absent when not configured. */
export type FederationPartnerConfig = { issuer: string; clientId: string; clientSecret: string };

export type IdentityConfig = {
  franceConnect: FederationPartnerConfig | null;
  proConnect: FederationPartnerConfig | null;
  demoClientSecret: string;
  /** Warn after this many days without login or keep-alive, delete after the second figure. */
  inactivityWarningDays: number;
  inactivityDeletionDays: number;
  /** Report what the inactivity clean-up would do (audit log) without mailing or deleting anyone. */
  inactivityDryRun: boolean;
  /** How long the deleted-accounts feed remembers a deletion. */
  tombstoneDays: number;
};

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ZEnvironment.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  - ${issue.path.join('.')} : ${issue.message}`);
    throw new ConfigError(`Configuration invalide :\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production' && !e.SESSION_SECRET) {
    throw new ConfigError('Configuration invalide :\n  - SESSION_SECRET est obligatoire en production');
  }
  if (e.INACTIVITY_DELETION_DAYS <= e.INACTIVITY_WARNING_DAYS) {
    throw new ConfigError(
      'Configuration invalide :\n  - INACTIVITY_DELETION_DAYS doit être plus grand que INACTIVITY_WARNING_DAYS',
    );
  }
  const outgoing = parseAllowedAddresses(e.OUTGOING_ALLOWED_ADDRESSES);
  if (!outgoing.ok)
    throw new ConfigError(`Configuration invalide :\n  - OUTGOING_ALLOWED_ADDRESSES : ${outgoing.error}`);
  const publicUrl = e.PUBLIC_URL ?? `http://localhost:${e.PORT}`;
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl: publicUrl.replace(/\/$/, ''),
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    sessionSecret: e.SESSION_SECRET,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    demoPassword: e.DEMO_PASSWORD,
    tenantHosts: parseTenantHosts(e.TENANT_HOSTS),
    trustProxy: e.TRUST_PROXY === 'true',
    logLevel: e.LOG_LEVEL,
    workerConcurrency: e.WORKER_CONCURRENCY,
    secureCookies: publicUrl.startsWith('https://'),
    identity: {
      franceConnect: partner(
        'FRANCECONNECT',
        e.FRANCECONNECT_ISSUER,
        e.FRANCECONNECT_CLIENT_ID,
        e.FRANCECONNECT_CLIENT_SECRET,
      ),
      proConnect: partner('PROCONNECT', e.PROCONNECT_ISSUER, e.PROCONNECT_CLIENT_ID, e.PROCONNECT_CLIENT_SECRET),
      demoClientSecret: e.DEMO_CLIENT_SECRET,
      inactivityWarningDays: e.INACTIVITY_WARNING_DAYS,
      inactivityDeletionDays: e.INACTIVITY_DELETION_DAYS,
      inactivityDryRun: e.INACTIVITY_DRY_RUN === 'true',
      tombstoneDays: e.TOMBSTONE_DAYS,
    },
    outgoingAllowedAddresses: outgoing.entries,
    gisTiles: e.GIS_TILE_URL ? { url: e.GIS_TILE_URL, attribution: e.GIS_TILE_ATTRIBUTION } : null,
    mapTiles: e.MAP_STYLE_URL ? { url: e.MAP_STYLE_URL, attribution: e.MAP_STYLE_ATTRIBUTION } : null,
    eduConnect: eduConnectConfig(e),
  };
}

function eduConnectConfig(e: z.output<typeof ZEnvironment>): EduConnectConfig | null {
  const values = [
    e.EDUCONNECT_IDP_ENTITY_ID,
    e.EDUCONNECT_IDP_SSO_URL,
    e.EDUCONNECT_IDP_CERT_FILE,
    e.EDUCONNECT_SP_KEY_FILE,
    e.EDUCONNECT_SP_CERT_FILE,
  ];
  const given = values.filter(Boolean).length;
  if (given === 0) return null;
  if (
    !e.EDUCONNECT_IDP_ENTITY_ID ||
    !e.EDUCONNECT_IDP_SSO_URL ||
    !e.EDUCONNECT_IDP_CERT_FILE ||
    !e.EDUCONNECT_SP_KEY_FILE ||
    !e.EDUCONNECT_SP_CERT_FILE
  )
    throw new ConfigError(
      'Configuration invalide :\n  - EDUCONNECT_IDP_ENTITY_ID, EDUCONNECT_IDP_SSO_URL, EDUCONNECT_IDP_CERT_FILE, EDUCONNECT_SP_KEY_FILE et EDUCONNECT_SP_CERT_FILE vont ensemble',
    );
  return {
    idpEntityId: e.EDUCONNECT_IDP_ENTITY_ID,
    idpSsoUrl: e.EDUCONNECT_IDP_SSO_URL,
    idpCertFile: path.resolve(e.EDUCONNECT_IDP_CERT_FILE),
    spKeyFile: path.resolve(e.EDUCONNECT_SP_KEY_FILE),
    spCertFile: path.resolve(e.EDUCONNECT_SP_CERT_FILE),
  };
}

function partner(
  prefix: string,
  issuer?: string,
  clientId?: string,
  clientSecret?: string,
): FederationPartnerConfig | null {
  const given = [issuer, clientId, clientSecret].filter(Boolean).length;
  if (given === 0) return null;
  if (!issuer || !clientId || !clientSecret) {
    throw new ConfigError(
      `Configuration invalide :\n  - ${prefix}_ISSUER, ${prefix}_CLIENT_ID et ${prefix}_CLIENT_SECRET vont ensemble`,
    );
  }
  return { issuer: issuer.replace(/\/$/, ''), clientId, clientSecret };
}

function parseTenantHosts(value: string): Map<string, string> {
  const hosts = new Map<string, string>();
  for (const pair of value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [host, slug] = pair.split('=').map((s) => s.trim().toLowerCase());
    if (!host || !slug)
      throw new ConfigError(`Configuration invalide :\n  - TENANT_HOSTS : « ${pair} » doit s'écrire hôte=commune`);
    hosts.set(host, slug);
  }
  return hosts;
}
