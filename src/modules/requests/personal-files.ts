import type { PersonalFile } from '../../platform/app-module/app-module.ts';
import type { Services } from '../../platform/services.ts';
import type { Field, FileUpload, RawAnswers } from '../forms/index.ts';

/** The documents a signed-in citizen keeps for this tenant's forms, from every module that offers some. */
export async function listPersonalFiles(
  services: Services,
  tenantId: string,
  userId: string | undefined,
): Promise<PersonalFile[]> {
  if (!userId) return [];
  const files: PersonalFile[] = [];
  for (const module of services.modules)
    if (module.personalFiles) files.push(...(await module.personalFiles.list(services, { tenantId, userId })));
  return files;
}

/**
 * A file field left without an upload but with a document of the personal space chosen (`<key>.espace`): that
 * document becomes the field's upload, checked and stored like any other (a copy in the request's tenant).
 */
export async function takePersonalFiles(
  services: Services,
  options: {
    tenantId: string;
    userId: string | undefined;
    fields: Field[];
    raw: RawAnswers;
    chosen: Record<string, string>;
  },
): Promise<void> {
  const { userId } = options;
  if (!userId) return;
  for (const field of options.fields) {
    if (field.type !== 'file' || options.raw[field.key] !== undefined) continue;
    const id = options.chosen[`${field.key}.espace`];
    if (!id) continue;
    for (const module of services.modules) {
      const file = await module.personalFiles?.read(services, { tenantId: options.tenantId, userId, id });
      if (!file) continue;
      const upload: FileUpload = { kind: 'upload', filename: file.filename, bytes: file.bytes, truncated: false };
      options.raw[field.key] = upload;
      break;
    }
  }
}
