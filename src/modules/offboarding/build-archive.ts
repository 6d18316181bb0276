import { zipSync } from 'fflate';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { sheetOf } from '../../platform/exports/table-export.ts';
import { toCsv } from '../../platform/exports/csv.ts';
import { insertStoredFile } from '../../platform/files/stored-files.repo.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { listTenantEServices } from '../catalogue/index.ts';
import { findFormVersion } from '../forms/index.ts';
import {
  countTenantRequests,
  listAttachments,
  listMessages,
  listRequestEvents,
  listStatusChanges,
  listTenantRequestsAfter,
} from '../requests/index.ts';
import { findWorkflowVersion } from '../workflows/index.ts';
import { updateArchive } from './archives.repo.ts';
import type { DataArchive } from './offboarding.tables.ts';

/** Requests read, written and counted per batch: the progress bar moves after each. */
export const ARCHIVE_BATCH = 50;

const iso = (d: Date | null) => (d ? d.toISOString() : null);
/** A file name inside the archive: no directory, no control character, never empty. */
const safeName = (name: string) =>
  [...name]
    .map((c) => (c === '/' || c === '\\' || c.charCodeAt(0) < 0x20 ? '_' : c))
    .join('')
    .slice(0, 150) || 'fichier';

type ArchivedRequest = {
  numero: string;
  demarche: string;
  statut: string;
  deposeeLe: string | null;
  close: string | null;
  transmiseA: string | null;
  contact: { email: string; sms: string | null };
  reponses: Record<string, unknown>;
  historique: Array<{ le: string | null; de: string | null; vers: string; par: string; note: string | null }>;
  evenements: Array<{ le: string | null; type: string; par: string; resume: string }>;
  messages: Array<{ le: string | null; auteur: string; par: string; texte: string }>;
  fichiers: Array<{ nom: string; chemin: string; type: string; taille: number; sha256: string; champ: string | null }>;
};

/**
 * The commune's data as it takes it away (annexe Toodego §11, convention-cadre art. 12.3): every request it holds with
 * its answers, history, events, messages and attachments, and the definition of each of its e-services (settings,
 * published form, workflow). JSON for machines (`demandes.json`, `demarches.json`), CSV for spreadsheets
 * (`demandes.csv`, `historique.csv`, `fichiers.csv`), the files themselves under `fichiers/demandes/<numéro>/`, and a
 * LISEZMOI.txt saying what is where. Requests are read in batches, the progress saved after each.
 */
export async function buildArchive(services: Services, commune: ResolvedTenant, archive: DataArchive): Promise<void> {
  const total = await withTenant(services.db, commune.id, (trx) => countTenantRequests(trx));
  await withTenant(services.db, commune.id, (trx) =>
    updateArchive(trx, archive.id, { status: 'running', done: 0, total }),
  );
  const files: Record<string, Uint8Array> = {};
  const requests: ArchivedRequest[] = [];
  const titles = new Map<string, string>();
  const definitions = await withTenant(services.db, commune.id, async (trx) => {
    const eservices = await listTenantEServices(trx);
    const out = [];
    for (const e of eservices) {
      titles.set(e.id, e.slug);
      const form = e.published_form_version_id ? await findFormVersion(trx, e.published_form_version_id) : undefined;
      const workflow = await findWorkflowVersion(trx, e.workflow_version_id);
      out.push({
        adresse: e.slug,
        titre: e.title,
        resume: e.summary,
        description: e.description,
        themes: e.themes,
        motsCles: e.keywords,
        acces: e.access,
        statut: e.status,
        cleEnMain: e.model_eservice_id !== null,
        parametres: e.settings,
        formulaire: form ? { version: form.version, definition: form.definition } : null,
        circuit: workflow ? { cle: workflow.key, version: workflow.version, definition: workflow.definition } : null,
      });
    }
    return out;
  });

  let afterId: string | null = null;
  for (;;) {
    const batch = await withTenant(services.db, commune.id, async (trx) => {
      const rows = await listTenantRequestsAfter(trx, afterId, ARCHIVE_BATCH);
      const out: Array<{ request: ArchivedRequest; blobs: Array<{ path: string; sha256: string }> }> = [];
      for (const r of rows) {
        const [changes, events, messages, attachments] = await Promise.all([
          listStatusChanges(trx, r.id, { citizenView: false }),
          listRequestEvents(trx, r.id),
          listMessages(trx, r.id),
          listAttachments(trx, r.id),
        ]);
        const folder = `fichiers/demandes/${safeName(r.number)}`;
        const used = new Set<string>();
        const fichiers = attachments.map((a) => {
          let name = safeName(a.name);
          // Two attachments of one request may share a name: the second gets its id in front.
          if (used.has(name)) name = `${a.id.slice(0, 8)}-${name}`;
          used.add(name);
          return {
            nom: a.name,
            chemin: `${folder}/${name}`,
            type: a.mediaType,
            taille: a.size,
            sha256: a.sha256,
            champ: a.fieldKey,
          };
        });
        out.push({
          request: {
            numero: r.number,
            demarche: titles.get(r.eservice_id) ?? r.eservice_id,
            statut: r.status,
            deposeeLe: iso(r.submitted_at),
            close: iso(r.closed_at),
            transmiseA: r.rerouted_to,
            contact: { email: r.contact_email, sms: r.contact_sms },
            reponses: r.answers,
            historique: changes.map((c) => ({
              le: iso(c.at),
              de: c.from_status,
              vers: c.to_status,
              par: c.actor_label,
              note: c.note,
            })),
            evenements: events.map((e) => ({ le: iso(e.at), type: e.kind, par: e.actor_label, resume: e.summary })),
            messages: messages.map((m) => ({
              le: iso(m.created_at),
              auteur: m.author,
              par: m.author_label,
              texte: m.body,
            })),
            fichiers,
          },
          blobs: fichiers.map((f) => ({ path: f.chemin, sha256: f.sha256 })),
        });
      }
      return { items: out, lastId: rows.at(-1)?.id ?? null };
    });
    if (batch.items.length === 0) break;
    for (const { request, blobs } of batch.items) {
      requests.push(request);
      for (const blob of blobs) {
        const bytes = await services.files.get(blob.sha256);
        if (bytes) files[blob.path] = new Uint8Array(bytes);
      }
    }
    afterId = batch.lastId;
    await withTenant(services.db, commune.id, (trx) =>
      updateArchive(trx, archive.id, { done: Math.min(requests.length, total) }),
    );
    if (batch.items.length < ARCHIVE_BATCH) break;
  }

  const sheets = {
    'demandes.csv': sheetOf(
      'Demandes',
      [
        { header: 'Numéro', value: (r: ArchivedRequest) => r.numero },
        { header: 'Démarche', value: (r) => r.demarche },
        { header: 'Statut', value: (r) => r.statut },
        { header: 'Déposée le', value: (r) => r.deposeeLe },
        { header: 'Close le', value: (r) => r.close },
        { header: 'Courriel', value: (r) => r.contact.email },
        { header: 'Réponses (JSON)', value: (r) => JSON.stringify(r.reponses) },
        { header: 'Fichiers', type: 'integer', value: (r) => r.fichiers.length },
      ],
      requests,
    ),
    'historique.csv': sheetOf(
      'Historique',
      [
        { header: 'Numéro', value: (h: ArchivedRequest['historique'][number] & { numero: string }) => h.numero },
        { header: 'Le', value: (h) => h.le },
        { header: 'De', value: (h) => h.de },
        { header: 'Vers', value: (h) => h.vers },
        { header: 'Par', value: (h) => h.par },
        { header: 'Note', value: (h) => h.note },
      ],
      requests.flatMap((r) => r.historique.map((h) => ({ ...h, numero: r.numero }))),
    ),
    'fichiers.csv': sheetOf(
      'Fichiers',
      [
        { header: 'Numéro', value: (f: ArchivedRequest['fichiers'][number] & { numero: string }) => f.numero },
        { header: 'Nom', value: (f) => f.nom },
        { header: 'Chemin dans l’archive', value: (f) => f.chemin },
        { header: 'Type', value: (f) => f.type },
        { header: 'Taille (octets)', type: 'integer', value: (f) => f.taille },
        { header: 'SHA-256', value: (f) => f.sha256 },
      ],
      requests.flatMap((r) => r.fichiers.map((f) => ({ ...f, numero: r.numero }))),
    ),
  };
  const encoder = new TextEncoder();
  const at = services.clock.now();
  const entries: Record<string, Uint8Array> = {
    'LISEZMOI.txt': encoder.encode(
      [
        `Données de ${commune.name} sur Communs, archive préparée le ${at.toISOString()}.`,
        '',
        'demandes.json : chaque demande avec ses réponses, son historique, ses événements, ses messages et ses fichiers.',
        'demarches.json : la définition de chaque démarche (paramètres, formulaire publié, circuit de traitement).',
        'demandes.csv, historique.csv, fichiers.csv : les mêmes données en tableaux (CSV, UTF-8).',
        'fichiers/demandes/<numéro>/ : les pièces jointes, sous leur nom d’origine.',
      ].join('\r\n'),
    ),
    'demandes.json': encoder.encode(JSON.stringify({ commune: commune.name, demandes: requests }, null, 2)),
    'demarches.json': encoder.encode(JSON.stringify({ commune: commune.name, demarches: definitions }, null, 2)),
    ...Object.fromEntries(Object.entries(sheets).map(([name, sheet]) => [name, new Uint8Array(toCsv(sheet))])),
    ...files,
  };
  const zip = Buffer.from(zipSync(entries, { level: 6 }));
  const stored = await services.files.put(zip);
  await withTenant(services.db, commune.id, async (trx) => {
    const file = await insertStoredFile(trx, {
      tenantId: commune.id,
      sha256: stored.sha256,
      byteSize: stored.byteSize,
      mediaType: 'application/zip',
      originalName: `donnees-${commune.slug}-${at.toISOString().slice(0, 10)}.zip`,
      createdBy: archive.requested_by,
      at,
    });
    await updateArchive(trx, archive.id, { status: 'done', done: total, storedFileId: file.id, finishedAt: at });
  });
}
