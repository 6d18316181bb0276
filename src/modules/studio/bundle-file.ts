import { fileTypeFromBuffer } from 'file-type';

/** A bundle file is a few hundred kilobytes at most; the cap keeps a wrong file from being read whole. */
export const MAX_BUNDLE_BYTES = 2 * 1024 * 1024;

/**
 * The text of an uploaded bundle, judged by its content and not its name: a known binary format (PDF, image,
 * archive…) is named in the refusal, text that is not UTF-8 or does not parse as JSON is refused in words.
 */
export async function bundleFileText(bytes: Buffer): Promise<{ text: string } | { error: string }> {
  if (bytes.length === 0) return { error: 'Le fichier est vide : choisissez le fichier .json exporté d’un studio.' };
  const binary = await fileTypeFromBuffer(bytes);
  if (binary)
    return {
      error: `Ce fichier est de type ${binary.ext.toUpperCase()} (${binary.mime}), pas un fichier JSON : choisissez le fichier .json exporté d’un studio.`,
    };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return { error: 'Ce fichier n’est pas du texte UTF-8, donc pas un fichier JSON exporté d’un studio.' };
  }
  try {
    JSON.parse(text);
  } catch (error) {
    const where = error instanceof SyntaxError ? ` (${error.message})` : '';
    return { error: `Ce fichier n’est pas du JSON valide${where} : choisissez le fichier .json exporté d’un studio.` };
  }
  return { text };
}
