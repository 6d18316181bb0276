import { type AcceptedType, detectAcceptedType, IMAGE_TYPES } from '../../platform/files/file-store.ts';
import type { AnswerValue, FileUpload, RawValue } from './answers.ts';
import { isFilled } from './answers.ts';
import type { InputField } from './form-definition.ts';
import { communeOfAddress } from './french-communes.ts';

/** The outcome of one field: a value, nothing (optional and empty), a file to store, or a message for the citizen. */
export type FieldOutcome =
  | { kind: 'value'; value: AnswerValue }
  | { kind: 'empty' }
  | { kind: 'keep' }
  | { kind: 'upload'; upload: FileUpload; type: AcceptedType }
  | { kind: 'error'; message: string };

export const ACCEPTED_FILE_TYPES: Record<'image' | 'pdf', AcceptedType[]> = {
  image: IMAGE_TYPES,
  pdf: [{ mediaType: 'application/pdf', label: 'PDF' }],
};

const MARKUP = /<\s*\/?\s*[a-zA-Z!?]/;
// Control characters have no place in what a person types (line breaks and tabs excepted in long texts).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const POSTCODE = /^(?:0[1-9]|[1-8]\d|9[0-8])\d{3}$/;
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[a-zA-Z]{2,}$/;

/** An address mail can be sent to (254 characters at most, RFC 5321): e-mail fields and a request's contact address. */
export const isEmailAddress = (text: string): boolean => EMAIL.test(text) && text.length <= 254;

const REQUIRED_MESSAGES: Record<InputField['type'], string> = {
  text: 'Ce champ est obligatoire.',
  textarea: 'Ce champ est obligatoire.',
  email: 'Saisissez une adresse électronique.',
  phone: 'Saisissez un numéro de téléphone.',
  number: 'Saisissez un nombre.',
  date: 'Saisissez une date complète : jour, mois et année.',
  choice: 'Choisissez une réponse.',
  choices: 'Cochez au moins une réponse.',
  checkbox: 'Cochez cette case pour continuer.',
  file: 'Ajoutez un fichier.',
  address: "Saisissez l'adresse : numéro et voie, code postal et commune.",
  mapPoint: 'Indiquez le lieu : latitude et longitude.',
  appointment: 'Choisissez un jour, puis un horaire pour votre rendez-vous.',
};

export function requiredMessage(field: InputField): string {
  return REQUIRED_MESSAGES[field.type];
}

const plural = (n: number, word: string) => `${n} ${word}${n > 1 ? 's' : ''}`;

/** Plain text only: no markup, no control characters, within its length. */
export function checkPlainText(
  text: string,
  options: { maxLength: number; minLength?: number | undefined; multiline: boolean },
): string | null {
  if (MARKUP.test(text))
    return 'Retirez les balises HTML (par exemple <b> ou <script>) : seul du texte simple est accepté.';
  if (CONTROL.test(text) || (!options.multiline && /[\r\n]/.test(text)))
    return 'Le texte contient des caractères non autorisés.';
  const length = [...text].length;
  if (length > options.maxLength)
    return `Saisissez ${plural(options.maxLength, 'caractère')} au plus (vous en avez saisi ${length}).`;
  if (options.minLength && length < options.minLength)
    return `Saisissez au moins ${plural(options.minLength, 'caractère')}.`;
  return null;
}

function isValidSiret(value: string): boolean {
  if (!/^\d{14}$/.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < 14; i++) {
    let digit = Number(value[13 - i]);
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

/** French numbers in the national format, e.g. "04 72 10 30 30"; +33 accepted. */
export function normaliseFrenchPhone(text: string): string | null {
  const compact = text.replace(/[\s.\-()]/g, '');
  const national = compact.startsWith('+33')
    ? `0${compact.slice(3)}`
    : compact.startsWith('0033')
      ? `0${compact.slice(4)}`
      : compact;
  if (!/^0[1-9]\d{8}$/.test(national)) return null;
  return national.replace(/(\d{2})(?=\d)/g, '$1 ');
}

function parseDecimal(text: string): number | null {
  const cleaned = text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  if (!/^[-+]?\d+(\.\d+)?$/.test(cleaned)) return null;
  const n = Number(cleaned);
  return Number.isFinite(n) ? n : null;
}

const formatFrench = (n: number) => new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 6 }).format(n);
const frenchDate = (iso: string) =>
  new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));

function dateBound(bound: string | undefined, today: string): string | undefined {
  return bound === 'today' ? today : bound;
}

function isUpload(raw: RawValue): raw is FileUpload {
  return !!raw && typeof raw === 'object' && !Array.isArray(raw) && (raw as { kind?: unknown }).kind === 'upload';
}

function parts(raw: RawValue): Record<string, string> {
  return raw && typeof raw === 'object' && !Array.isArray(raw) && !('kind' in raw)
    ? (raw as Record<string, string>)
    : {};
}

/**
 * Validates one answer against its field. Messages are French, written for the citizen; they do not repeat the
 * field's label (the form shows it beside the field, the error summary and the API put it in front).
 */
export async function validateInput(
  field: InputField,
  raw: RawValue,
  context: { today: string },
): Promise<FieldOutcome> {
  if (raw === undefined) return { kind: 'keep' };
  if (field.type === 'file') return validateFile(field, raw);
  if (!isFilled(raw)) return field.required ? { kind: 'error', message: requiredMessage(field) } : { kind: 'empty' };
  const text = typeof raw === 'string' ? raw.trim() : '';
  switch (field.type) {
    case 'text': {
      const problem = checkPlainText(text, {
        maxLength: field.maxLength,
        minLength: field.minLength,
        multiline: false,
      });
      if (problem) return { kind: 'error', message: problem };
      if (field.format === 'postcode' && !POSTCODE.test(text))
        return { kind: 'error', message: 'Saisissez un code postal à 5 chiffres, par exemple 69700.' };
      if (field.format === 'siret' && !isValidSiret(text.replace(/\s/g, '')))
        return {
          kind: 'error',
          message: 'Saisissez un numéro SIRET valide : 14 chiffres, par exemple 216 900 910 00003.',
        };
      if (field.pattern && !new RegExp(`^(?:${field.pattern.regex})$`, 'u').test(text))
        return { kind: 'error', message: field.pattern.message };
      return { kind: 'value', value: field.format === 'siret' ? text.replace(/\s/g, '') : text };
    }
    case 'textarea': {
      const normalised = (typeof raw === 'string' ? raw : '').replace(/\r\n?/g, '\n').trim();
      const problem = checkPlainText(normalised, { maxLength: field.maxLength, multiline: true });
      return problem ? { kind: 'error', message: problem } : { kind: 'value', value: normalised };
    }
    case 'email':
      return isEmailAddress(text)
        ? { kind: 'value', value: text }
        : { kind: 'error', message: 'Saisissez une adresse électronique valide, par exemple prenom.nom@example.org.' };
    case 'phone': {
      const phone = normaliseFrenchPhone(text);
      return phone
        ? { kind: 'value', value: phone }
        : {
            kind: 'error',
            message: 'Saisissez un numéro de téléphone français, par exemple 04 72 10 30 30 ou 06 12 34 56 78.',
          };
    }
    case 'number': {
      const n = parseDecimal(text);
      if (n === null) return { kind: 'error', message: 'Saisissez un nombre, en chiffres (par exemple 2 ou 3,5).' };
      if (field.integer && !Number.isInteger(n))
        return { kind: 'error', message: 'Saisissez un nombre entier, sans virgule.' };
      const { min, max } = field;
      if ((min !== undefined && n < min) || (max !== undefined && n > max)) {
        const range =
          min !== undefined && max !== undefined
            ? `entre ${formatFrench(min)} et ${formatFrench(max)}`
            : min !== undefined
              ? `d'au moins ${formatFrench(min)}`
              : `de ${formatFrench(max ?? 0)} au plus`;
        return { kind: 'error', message: `Saisissez un nombre ${range}.` };
      }
      return { kind: 'value', value: n };
    }
    case 'date': {
      const { jour = '', mois = '', annee = '' } = parts(raw);
      if (![jour, mois, annee].every((p) => /^\d+$/.test(p.trim())))
        return {
          kind: 'error',
          message: 'Saisissez la date en chiffres : jour, mois et année, par exemple 14 7 2026.',
        };
      const [d, m, y] = [Number(jour), Number(mois), Number(annee)];
      const date = new Date(Date.UTC(y, m - 1, d));
      if (
        y < 1800 ||
        y > 2200 ||
        date.getUTCFullYear() !== y ||
        date.getUTCMonth() !== m - 1 ||
        date.getUTCDate() !== d
      ) {
        return {
          kind: 'error',
          message: "Cette date n'existe pas : vérifiez le jour, le mois et l'année (sur 4 chiffres).",
        };
      }
      const iso = date.toISOString().slice(0, 10);
      const min = dateBound(field.min, context.today);
      const max = dateBound(field.max, context.today);
      if (min && iso < min)
        return {
          kind: 'error',
          message:
            field.min === 'today'
              ? "La date doit être aujourd'hui ou plus tard."
              : `La date doit être le ${frenchDate(min)} ou plus tard.`,
        };
      if (max && iso > max)
        return {
          kind: 'error',
          message:
            field.max === 'today'
              ? "La date doit être aujourd'hui ou avant."
              : `La date doit être le ${frenchDate(max)} ou avant.`,
        };
      return { kind: 'value', value: iso };
    }
    case 'choice':
      return field.options.some((o) => o.value === text)
        ? { kind: 'value', value: text }
        : { kind: 'error', message: 'Choisissez parmi les réponses proposées.' };
    case 'choices': {
      const selected = [...new Set(Array.isArray(raw) ? raw : [text])];
      if (selected.some((v) => !field.options.some((o) => o.value === v)))
        return { kind: 'error', message: 'Choisissez parmi les réponses proposées.' };
      if (field.minSelected && selected.length < field.minSelected)
        return { kind: 'error', message: `Cochez au moins ${plural(field.minSelected, 'réponse')}.` };
      if (field.maxSelected && selected.length > field.maxSelected)
        return { kind: 'error', message: `Cochez ${plural(field.maxSelected, 'réponse')} au plus.` };
      // Kept in the definition's order, whatever order the browser sent them in.
      return { kind: 'value', value: field.options.map((o) => o.value).filter((v) => selected.includes(v)) };
    }
    case 'checkbox':
      return { kind: 'value', value: true };
    case 'address':
      return validateAddress(parts(raw));
    case 'appointment': {
      // A time chosen, as its instant: the hold that makes it an answer is taken by holdAppointments (it writes).
      const start = new Date(text);
      return /^\d{4}-\d{2}-\d{2}T/.test(text) && !Number.isNaN(start.getTime())
        ? { kind: 'value', value: start.toISOString() }
        : { kind: 'error', message: 'Choisissez un horaire parmi ceux proposés.' };
    }
    case 'mapPoint': {
      const { lat = '', lon = '' } = parts(raw);
      const latitude = parseDecimal(lat);
      const longitude = parseDecimal(lon);
      if (latitude === null || longitude === null || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
        return {
          kind: 'error',
          message: 'Indiquez une latitude et une longitude en degrés décimaux, par exemple 45,5906 et 4,7689.',
        };
      }
      return {
        kind: 'value',
        value: { lat: Math.round(latitude * 1e6) / 1e6, lon: Math.round(longitude * 1e6) / 1e6 },
      };
    }
  }
}

function validateAddress(raw: Record<string, string>): FieldOutcome {
  const street = (raw.rue ?? '').trim();
  const postcode = (raw.code_postal ?? '').replace(/\s/g, '');
  const city = (raw.commune ?? '').trim();
  if (!street || !postcode || !city)
    return { kind: 'error', message: "Saisissez l'adresse complète : numéro et voie, code postal et commune." };
  const problem = checkPlainText(`${street} ${city}`, { maxLength: 300, multiline: false });
  if (problem) return { kind: 'error', message: problem };
  if (!POSTCODE.test(postcode))
    return { kind: 'error', message: 'Saisissez un code postal à 5 chiffres, par exemple 69700.' };
  const found = communeOfAddress(postcode, city);
  if (!found.ok) {
    if (found.reason === 'unknown-postcode')
      return { kind: 'error', message: `Le code postal ${postcode} ne correspond à aucune commune : vérifiez-le.` };
    const names = found.candidates.map((c) => c.name).join(', ');
    return { kind: 'error', message: `Le code postal ${postcode} correspond à ${names} : vérifiez la commune.` };
  }
  return { kind: 'value', value: { street, postcode, city: found.commune.name, inseeCode: found.commune.inseeCode } };
}

async function validateFile(field: Extract<InputField, { type: 'file' }>, raw: RawValue): Promise<FieldOutcome> {
  const upload = isUpload(raw) ? raw : null;
  if (!upload || upload.bytes.byteLength === 0)
    return field.required ? { kind: 'error', message: requiredMessage(field) } : { kind: 'empty' };
  const limit = `${Math.round((field.maxBytes / 1024 / 1024) * 10) / 10}`.replace('.', ',');
  if (upload.truncated || upload.bytes.byteLength > field.maxBytes) {
    return {
      kind: 'error',
      message: `Le fichier « ${upload.filename} » dépasse ${limit} Mo : réduisez sa taille ou choisissez-en un autre.`,
    };
  }
  const accepted = field.accept.flatMap((family) => ACCEPTED_FILE_TYPES[family]);
  const type = await detectAcceptedType(upload.bytes, accepted);
  if (!type) {
    const labels = accepted.map((a) => a.label).join(', ');
    return {
      kind: 'error',
      message: `Le contenu du fichier « ${upload.filename} » n'est pas d'un type accepté (${labels}), quel que soit son nom.`,
    };
  }
  return { kind: 'upload', upload, type };
}
