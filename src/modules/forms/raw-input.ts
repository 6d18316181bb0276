import type { FileUpload, RawAnswers, RawValue } from './answers.ts';
import type { Field, FormDefinition, InputField } from './form-definition.ts';
import { isInput } from './form-definition.ts';

/**
 * The two channels a form is filled through, brought to one shape (RawAnswers) before validation: an HTML form
 * (urlencoded or multipart, one page at a time) and the JSON API (every answer at once, files in base64).
 */

type MultipartPart = {
  value?: unknown;
  filename?: string;
  _buf?: Buffer | null;
  file?: { truncated?: boolean };
  toBuffer?: () => Promise<Buffer>;
};

function isPart(value: unknown): value is MultipartPart {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

/** The text values of a body field: urlencoded gives strings, multipart gives { value } parts. */
function textValues(body: Record<string, unknown>, name: string): string[] {
  const entry = body[name];
  const items = Array.isArray(entry) ? entry : entry === undefined ? [] : [entry];
  return items.flatMap((item) => {
    if (typeof item === 'string') return [item];
    if (isPart(item) && typeof item.value === 'string' && item.filename === undefined) return [item.value];
    return [];
  });
}

const first = (body: Record<string, unknown>, name: string) => textValues(body, name)[0] ?? '';

async function uploadOf(body: Record<string, unknown>, name: string): Promise<FileUpload | undefined> {
  const entry = body[name];
  const part = Array.isArray(entry) ? entry[0] : entry;
  if (!isPart(part) || typeof part.filename !== 'string' || !part.toBuffer) return undefined;
  // An empty file input is sent as a part with no name and no bytes: nothing was chosen.
  if (part.filename === '') return undefined;
  const bytes = await part.toBuffer();
  return { kind: 'upload', filename: part.filename.slice(0, 200), bytes, truncated: !!part.file?.truncated };
}

/** What one page of an HTML form sent, field by field (a ticked box is "oui", an unticked one is absent). */
export async function rawFromHtml(fields: Field[], body: unknown): Promise<RawAnswers> {
  const values = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const raw: RawAnswers = {};
  for (const field of fields.filter(isInput)) {
    const key = field.key;
    switch (field.type) {
      case 'choices':
        raw[key] = textValues(values, key);
        break;
      case 'checkbox':
        raw[key] = first(values, key) === 'oui';
        break;
      case 'date':
        raw[key] = {
          jour: first(values, `${key}.jour`),
          mois: first(values, `${key}.mois`),
          annee: first(values, `${key}.annee`),
        };
        break;
      case 'address':
        raw[key] = {
          rue: first(values, `${key}.rue`),
          code_postal: first(values, `${key}.code_postal`),
          commune: first(values, `${key}.commune`),
        };
        break;
      case 'mapPoint':
        raw[key] = { lat: first(values, `${key}.lat`), lon: first(values, `${key}.lon`) };
        break;
      case 'file':
        raw[key] = await uploadOf(values, key);
        break;
      case 'appointment':
        // No time ticked keeps the one already held (its day may not be the one shown).
        raw[key] = textValues(values, key)[0];
        break;
      default:
        raw[key] = first(values, key);
    }
  }
  return raw;
}

/** An uploaded file in the JSON API. */
export type JsonFile = { name: string; contentBase64: string };

function jsonValue(field: InputField, value: unknown): RawValue {
  if (value === undefined || value === null) return field.type === 'file' ? undefined : '';
  switch (field.type) {
    case 'choices':
      return Array.isArray(value) ? value.map(String) : [String(value)];
    case 'checkbox':
      return value === true || value === 'oui';
    case 'date': {
      const match = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
      return match
        ? { annee: match[1] ?? '', mois: match[2] ?? '', jour: match[3] ?? '' }
        : { jour: String(value), mois: '', annee: '' };
    }
    case 'address': {
      const a = (typeof value === 'object' ? value : {}) as Record<string, unknown>;
      return { rue: String(a.street ?? ''), code_postal: String(a.postcode ?? ''), commune: String(a.city ?? '') };
    }
    case 'mapPoint': {
      const p = (typeof value === 'object' ? value : {}) as Record<string, unknown>;
      return { lat: String(p.lat ?? ''), lon: String(p.lon ?? '') };
    }
    case 'appointment':
      // A time is held on a form's page; the API cannot hold one yet, so it has no answer to give here.
      return undefined;
    case 'file': {
      const f = (typeof value === 'object' ? value : {}) as Partial<JsonFile>;
      const bytes = typeof f.contentBase64 === 'string' ? Buffer.from(f.contentBase64, 'base64') : Buffer.alloc(0);
      return { kind: 'upload', filename: String(f.name ?? 'fichier').slice(0, 200), bytes, truncated: false };
    }
    default:
      return typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value);
  }
}

/** Every answer of a JSON submission; a missing answer counts as empty (a one-shot submission keeps nothing). */
export function rawFromJson(definition: FormDefinition, answers: Record<string, unknown>): RawAnswers {
  const raw: RawAnswers = {};
  for (const field of definition.fields.filter(isInput)) raw[field.key] = jsonValue(field, answers[field.key]);
  return raw;
}

/** Keys sent that the form does not have: reported rather than silently dropped. */
export function unknownKeys(definition: FormDefinition, answers: Record<string, unknown>): string[] {
  const known = new Set(definition.fields.filter(isInput).map((f) => f.key));
  return Object.keys(answers).filter((k) => !known.has(k));
}
