import { SYSTEM_ACTOR } from '../../platform/audit/audit.repo.ts';
import type { Services } from '../../platform/services.ts';
import { createStudioService } from './create-service.ts';
import { publishStudioService } from './publish-service.ts';
import { saveDraft } from './save-draft.ts';
import { newField, starterDraft, ZServiceDraft } from './service-draft.ts';

/**
 * Givors (Partenaire) has a service in its studio: published once, then changed in a draft not yet published, so
 * its administrator sees the builder, the preview, the workflow, and a difference between two versions. Its test
 * instance holds a copy being tried.
 */
export async function seedStudioDemo(services: Services): Promise<void> {
  const givors = await services.tenants.bySlug('givors');
  if (!givors) return;
  const testInstance = (await services.tenants.all()).find((t) => t.production_tenant_id === givors.id);
  const base = starterDraft({
    title: 'S’inscrire à la médiathèque',
    office: { name: 'Médiathèque de Givors', email: 'mediatheque@givors.example.org', phone: '04 72 00 00 00' },
    mutualised: false,
  });
  const draft = ZServiceDraft.parse({
    ...base,
    service: {
      ...base.service,
      summary: 'Une carte de lecteur pour emprunter livres, films et musique.',
      description: 'Inscription gratuite pour les habitants de Givors.',
      themes: ['Culture'],
      keywords: ['bibliothèque', 'lecture', 'carte'],
    },
    form: {
      title: 'Le lecteur',
      fields: [
        { type: 'text', key: 'nom', label: 'Nom et prénom', prefill: 'fullName' },
        { type: 'date', key: 'naissance', label: 'Date de naissance', prefill: 'birthdate' },
        { type: 'email', key: 'courriel', label: 'Adresse électronique', prefill: 'email' },
        {
          type: 'choice',
          key: 'formule',
          label: 'Formule',
          options: [
            { value: 'individuelle', label: 'Individuelle' },
            { value: 'famille', label: 'Famille' },
          ],
        },
        {
          type: 'number',
          key: 'membres',
          label: 'Nombre de membres de la famille',
          integer: true,
          min: 2,
          max: 10,
          condition: { field: 'formule', equals: 'famille' },
        },
        { type: 'pageBreak', key: 'page_justificatif', title: 'Justificatif' },
        { type: 'file', key: 'domicile', label: 'Justificatif de domicile', accept: ['pdf', 'image'] },
      ],
    },
  });
  const slug = 'inscription-mediatheque';
  for (const tenant of [givors, ...(testInstance ? [testInstance] : [])]) {
    const actor = { tenant, actor: SYSTEM_ACTOR };
    const created = await createStudioService(services, actor, { slug, draft, note: 'Service créé.' });
    if (!created.ok) continue;
    await publishStudioService(services, { tenant, actor: SYSTEM_ACTOR, serviceId: created.id });
    await saveDraft(services, actor, created.id, (current) => {
      const field = {
        ...newField('checkbox', new Set(current.form.fields.map((f) => f.key))),
        label: 'J’accepte le règlement de la médiathèque',
      };
      return {
        draft: { ...current, form: { ...current.form, fields: [...current.form.fields, field] } },
        note: 'Champ « J’accepte le règlement de la médiathèque » ajouté.',
      };
    });
  }
}
