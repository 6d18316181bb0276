import type { FastifyInstance } from 'fastify';
import type { Migration } from 'kysely/migration';
import type { EventSubscriber } from '../events/domain-events.ts';
import type { ApiRegistry } from '../http/api.ts';
import type { JobDefinition } from '../jobs/job-definition.ts';
import type { Executor } from '../db/tenant-scope.ts';
import type { Services } from '../services.ts';
import type { AccessTokens } from '../auth/access-tokens.ts';
import type { ResolvedTenant } from '../tenancy/tenant-directory.ts';
import type { VNode } from 'preact';
import type { PageContext, PageNotice } from '../views/page-context.ts';
import type { ModuleState } from './module-state.ts';

/** What a route of the application must withstand from another tenant's people (the test walks every route). */
export type CrossTenantCase = { readonly route: string };

/**
 * A module's part of a person's data export (the right of access): what it holds about them, as JSON, and the files
 * among it, each named by its path inside the archive (the JSON refers to that path).
 */
export type PersonalDataPart = {
  readonly data: Readonly<Record<string, unknown>>;
  readonly files: ReadonlyArray<{ readonly path: string; readonly sha256: string }>;
};

/** A time held for a citizen by a form's appointment field, until `heldUntil` or until its request confirms it. */
export type AppointmentHold = { appointmentId: string; startsAt: Date; heldUntil: Date; label: string };

/** An agenda a form's appointment field may book, with its meeting types. */
export type BookableAgenda = {
  readonly id: string;
  readonly name: string;
  readonly meetingTypes: ReadonlyArray<{ readonly id: string; readonly name: string }>;
};

/**
 * What a form's appointment field asks of the module that keeps agendas (forms and the studio are below it, so they
 * read this from the descriptors): the tenant's active agendas and meeting types (what a builder offers to choose),
 * the free times of an agenda's meeting type, a hold on one (replacing the citizen's earlier one), and a hold kept on
 * until the request is sent (taken again, under the same id, if it had run out and is still free).
 */
export type AppointmentSlots = {
  agendas(services: Services, tenantId: string): Promise<readonly BookableAgenda[]>;
  offer(
    services: Services,
    tenantId: string,
    booking: { agendaId: string; meetingTypeId: string },
  ): Promise<{ title: string; days: ReadonlyArray<{ day: string; starts: readonly Date[] }> } | undefined>;
  hold(
    services: Services,
    tenantId: string,
    input: { agendaId: string; meetingTypeId: string; startsAt: Date; replacing: string | undefined },
  ): Promise<{ ok: true; hold: AppointmentHold } | { ok: false; message: string }>;
  renew(
    services: Services,
    tenantId: string,
    input: { agendaId: string; meetingTypeId: string; startsAt: Date; appointmentId: string },
  ): Promise<{ ok: true; hold: AppointmentHold } | { ok: false; message: string }>;
};

/** A draft about to be sent, as its review page shows it (the last step before submission). */
export type DraftReview = {
  readonly tenant: ResolvedTenant;
  readonly eserviceId: string;
  readonly formVersionId: string;
  readonly answers: Readonly<Record<string, unknown>>;
  readonly signedIn: boolean;
  /** The review page's own path, to come back to after a detour. */
  readonly returnPath: string;
};

/** A section a module adds to the review page, drawn with the page's context (its CSRF token for a form). */
export type DraftReviewSection = (context: PageContext) => VNode;

/** A document a citizen keeps in a personal space, offered in place of an upload by a form's file field. */
export type PersonalFile = { readonly id: string; readonly label: string };

/**
 * The documents a signed-in citizen keeps for a tenant's forms (the pétale space): requests, lower, lists them beside
 * each file field of that tenant's drafts and reads the one chosen as if it had been uploaded (same checks by content,
 * same size cap), so it imports no module above it.
 */
export type PersonalFileSource = {
  list(services: Services, input: { tenantId: string; userId: string }): Promise<readonly PersonalFile[]>;
  read(
    services: Services,
    input: { tenantId: string; userId: string; id: string },
  ): Promise<{ filename: string; bytes: Buffer } | undefined>;
};

/** What a person is told about, each kind with its channels set apart (in the app, by e-mail). */
export type NotificationKind = 'status' | 'message' | 'deadline';

/**
 * The people's notification preferences, kept by the notifications module: the modules below it that send e-mails
 * ask before each one (e-mail stays on unless turned off), and the layout asks for the header's unread count.
 */
export type NotificationPreferences = {
  wantsEmail(db: Executor, userId: string, kind: NotificationKind): Promise<boolean>;
  /** One indexed count, on every page a signed-in person views. */
  unreadCount(services: Services, userId: string): Promise<number>;
  /**
   * The form of a person's choices, drawn inside another module's page (the account page, the agents' preferences):
   * saving comes back to that page (`back`).
   */
  form(services: Services, userId: string, back: 'compte' | 'gru'): Promise<(context: PageContext) => VNode>;
};

/** The notification preferences' form for this page, when a module keeps them. */
export async function notificationPreferencesForm(
  services: Services,
  userId: string,
  back: 'compte' | 'gru',
): Promise<((context: PageContext) => VNode) | undefined> {
  const keeper = services.modules.find((m) => m.notificationPreferences)?.notificationPreferences;
  return keeper?.form(services, userId, back);
}

/** Whether this person still wants e-mails of this kind (yes when no module keeps preferences). */
export async function wantsEmail(
  services: Services,
  db: Executor,
  userId: string,
  kind: NotificationKind,
): Promise<boolean> {
  const keeper = services.modules.find((m) => m.notificationPreferences)?.notificationPreferences;
  return keeper ? keeper.wantsEmail(db, userId, kind) : true;
}

/** Capabilities one module offers every other, built once with the services (see createServices). */
export type SharedCapabilities = { accessTokens: AccessTokens };

/**
 * A domain module as the application sees it: everything it plugs in, in one object exported by its `index.ts`.
 * The application, the worker, the migration runner and the schema type read these from one ordered list
 * (src/modules.ts); a module lower in that list never imports one above it.
 */
export type AppModule<Tables = object> = {
  /** Its folder under src/modules. */
  readonly name: string;
  /** Its tables as Kysely sees them; a type only (joined into the schema type DB), never read at run time. */
  readonly tables?: Tables;
  /** Its migrations, by name; names sort into one order across modules, and a landed migration is never edited. */
  readonly migrations?: Readonly<Record<string, Migration>>;
  /** Its pages and JSON API. */
  readonly routes?: (app: FastifyInstance, api: ApiRegistry) => void | Promise<void>;
  /** Its kinds of background job, recurring ones included. */
  readonly jobs?: ReadonlyArray<JobDefinition<unknown>>;
  /** What it does when a lower module's domain event happens. */
  readonly subscribers?: readonly EventSubscriber[];
  /** What it keeps for the life of an application. */
  readonly state?: ReadonlyArray<ModuleState<unknown>>;
  /** What it offers the other modules (built once the states exist). */
  readonly provides?: (services: Services) => Partial<SharedCapabilities>;
  /** Its part of the demonstration data, run in module order after the demo communes and accounts exist. */
  readonly seedDemo?: (services: Services) => Promise<void>;
  /**
   * What it holds about one person, for their data export: the identity module, lowest, serves the export and asks
   * every module for its part, so a module above it adds its data without identity importing it.
   */
  readonly personalData?: (services: Services, userId: string) => Promise<PersonalDataPart>;
  /**
   * The stored bytes it holds by their hash alone, without a `stored_file` row (a school's documents, an open-data
   * resource's file): the backup copies them and the files' sweep keeps them.
   */
  readonly heldFileHashes?: (db: Executor) => Promise<readonly string[]>;
  /**
   * Notices every page of an instance shows at its top (a maintenance under way): the layout is the platform's, so a
   * module gives them as data, read on each page; keep it cheap (a cache).
   */
  readonly pageNotices?: (services: Services, tenant: ResolvedTenant) => Promise<readonly PageNotice[]>;
  /**
   * A section of a draft's review page (the reports module suggests the open reports nearby, to follow rather than
   * send a duplicate): requests, lower, serves that page and asks the descriptors, so it imports no module above it.
   */
  readonly draftReviewSection?: (services: Services, draft: DraftReview) => Promise<DraftReviewSection | null>;
  /** The people's notification preferences and unread count (given by the notifications module). */
  readonly notificationPreferences?: NotificationPreferences;
  /**
   * Services of a school's portal this module serves itself, each under `/ecole/:uai/<path>`: the school module
   * (lower) lets a school choose them for its portal and leads its tiles there, reading them from the descriptors.
   */
  readonly schoolServices?: ReadonlyArray<{ readonly service: string; readonly path: string }>;
  /** Appointments a form's field books (given by the appointments module). */
  readonly appointmentSlots?: AppointmentSlots;
  /** Documents a citizen may pick for a form's file field (given by the pétale module). */
  readonly personalFiles?: PersonalFileSource;
  /** Its routes' cross-tenant cases, loaded only by the isolation test. */
  readonly crossTenantCases?: () => Promise<readonly CrossTenantCase[]>;
};

/** A module's descriptor, typed with its tables (`defineModule<RequestsTables>({ … })`). */
export function defineModule<Tables = object>(module: Omit<AppModule<Tables>, 'tables'>): AppModule<Tables> {
  return module;
}

/** The tables of every module of a list, as one type. */
export type TablesOf<Modules extends readonly AppModule<unknown>[]> = UnionToIntersection<
  Modules[number] extends infer M ? (M extends AppModule<infer T> ? T : never) : never
>;

type UnionToIntersection<U> = (U extends unknown ? (value: U) => void : never) extends (value: infer I) => void
  ? I
  : never;
