import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import path from 'node:path';
import type { AuditActor } from '../../../platform/audit/audit.repo.ts';
import { tenantPath } from '../../../platform/http/render.tsx';
import { withTenant } from '../../../platform/db/tenant-scope.ts';
import type { Services } from '../../../platform/services.ts';
import { tenantMayUse } from '../../../platform/tenancy/tenant-directory.ts';
import { listSchools } from '../schools.repo.ts';
import { type ImportKind, type ImportReport, importAaf } from './import-aaf.ts';

/** A mistake on the command line, said in a sentence (no stack trace). */
export class AafCommandError extends Error {}

export const AAF_COMMAND_USAGE = 'communs import-aaf <commune> <complet|delta> <fichier.xml> [--ecole <UAI>]';

const KINDS: Record<string, ImportKind> = { complet: 'full', full: 'full', delta: 'delta' };
const COMMAND_LINE: AuditActor = { userId: null, label: 'ligne de commande', ip: null };

export type AafCommandArgs = { commune: string; kind: ImportKind; file: string; uai: string | undefined };

/** Reads `<commune> <complet|delta> <fichier> [--ecole UAI]`, or says what is wrong. */
export function parseAafCommandArgs(args: readonly string[]): AafCommandArgs {
  const rest = [...args];
  let uai: string | undefined;
  const flag = rest.indexOf('--ecole');
  if (flag >= 0) {
    uai = rest[flag + 1]?.toUpperCase();
    if (!uai) throw new AafCommandError(`Indiquez l'UAI après --ecole : ${AAF_COMMAND_USAGE}`);
    rest.splice(flag, 2);
  }
  const [commune, kindWord, file, ...extra] = rest;
  if (!commune || !kindWord || !file || extra.length)
    throw new AafCommandError(`Indiquez la commune, le type d'export et le fichier : ${AAF_COMMAND_USAGE}`);
  const kind = KINDS[kindWord.toLowerCase()];
  if (!kind) throw new AafCommandError(`Type d'export inconnu « ${kindWord} » : « complet » ou « delta ».`);
  return { commune, kind, file, uai };
}

export type SchoolImportOutcome = {
  uai: string;
  name: string;
  report: ImportReport | { error: string };
  /** The full report, online, for the school's head. */
  reportUrl: string | null;
};

/**
 * An académie's AAF file, too large for a browser upload, imported from the server's disk into every open school of a
 * commune (or only the one named). The file is streamed once per school: each school's import keeps its own report,
 * and the lines of the other schools count as ignored, as they do in an upload.
 */
export async function importAafFileForCommune(
  services: Services,
  args: AafCommandArgs,
): Promise<SchoolImportOutcome[]> {
  const tenant = await services.tenants.bySlug(args.commune);
  if (!tenant || tenant.kind !== 'commune')
    throw new AafCommandError(`Commune inconnue : « ${args.commune} » (indiquez son identifiant, par exemple givors).`);
  if (!tenantMayUse(tenant, 'laclasse.workspace'))
    throw new AafCommandError(`${tenant.name} n'est pas abonnée à l'espace numérique de travail.`);
  await access(args.file).catch(() => {
    throw new AafCommandError(`Fichier introuvable ou illisible : ${args.file}`);
  });
  const schools = (await withTenant(services.db, tenant.id, listSchools)).filter(
    (s) => s.status === 'open' && (!args.uai || s.uai === args.uai),
  );
  if (!schools.length)
    throw new AafCommandError(
      args.uai
        ? `Aucune école ouverte d'UAI ${args.uai} à ${tenant.name}.`
        : `Aucune école ouverte à ${tenant.name} : ouvrez-la d'abord (Administration, Écoles).`,
    );
  const outcomes: SchoolImportOutcome[] = [];
  for (const school of schools) {
    const report = await importAaf(services, {
      school,
      kind: args.kind,
      fileName: path.basename(args.file),
      source: createReadStream(args.file, { highWaterMark: 256 * 1024 }),
      actor: COMMAND_LINE,
    });
    const reportUrl =
      'error' in report
        ? null
        : `${services.config.publicUrl}${tenantPath(tenant.slug, `/ecole/${school.uai}/gestion/imports/${report.id}`)}`;
    outcomes.push({ uai: school.uai, name: school.name, report, reportUrl });
  }
  return outcomes;
}

/** The report as the terminal shows it: counts per school, then the first rejected lines with their reasons. */
export function formatAafOutcomes(outcomes: readonly SchoolImportOutcome[], shownRejects = 20): string {
  const lines: string[] = [];
  for (const { uai, name, report, reportUrl } of outcomes) {
    if ('error' in report) {
      lines.push(`${name} (${uai}) : fichier refusé — ${report.error}`);
      continue;
    }
    lines.push(
      `${name} (${uai}) : ${report.created} créés, ${report.updated} mis à jour, ${report.removed} retirés, ` +
        `${report.unchanged} inchangés, ${report.ignored} ignorés (autres écoles), ${report.rejected.length} rejetés.`,
    );
    for (const r of report.rejected.slice(0, shownRejects))
      lines.push(`  ligne ${r.line}${r.identifier ? ` (${r.identifier})` : ''} : ${r.reason}`);
    if (report.rejected.length > shownRejects)
      lines.push(`  … et ${report.rejected.length - shownRejects} autres lignes rejetées.`);
    if (reportUrl) lines.push(`  rapport complet : ${reportUrl}`);
  }
  return `${lines.join('\n')}\n`;
}
