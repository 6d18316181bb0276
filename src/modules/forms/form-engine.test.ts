import { describe, expect, it } from 'vitest';
import { normaliseFrenchPhone, validateInput } from './field-validation.ts';
import { type FormDefinitionInput, ZField, ZFormDefinition } from './form-definition.ts';
import { checkAnswers, visiblePages } from './form-engine.ts';
import { communeOfAddress } from './french-communes.ts';

const field = (input: unknown) => {
  const parsed = ZField.parse(input);
  if (parsed.type === 'section' || parsed.type === 'explanation' || parsed.type === 'pageBreak')
    throw new Error('not an input');
  return parsed;
};
const today = '2026-11-30';

describe('field validation: French formats and clear messages', () => {
  it('checks postcodes, SIRET, phones, e-mails and numbers', async () => {
    expect(
      await validateInput(field({ type: 'text', key: 'cp', label: 'CP', format: 'postcode' }), '69700', { today }),
    ).toEqual({ kind: 'value', value: '69700' });
    expect(
      (await validateInput(field({ type: 'text', key: 'cp', label: 'CP', format: 'postcode' }), '00100', { today }))
        .kind,
    ).toBe('error');
    expect(
      await validateInput(field({ type: 'text', key: 's', label: 'S', format: 'siret' }), '216 900 910 00003', {
        today,
      }),
    ).toEqual({ kind: 'value', value: '21690091000003' });
    expect(
      (await validateInput(field({ type: 'text', key: 's', label: 'S', format: 'siret' }), '21690091000004', { today }))
        .kind,
    ).toBe('error');
    expect(normaliseFrenchPhone('+33 6 12 34 56 78')).toBe('06 12 34 56 78');
    expect(normaliseFrenchPhone('12 34')).toBeNull();
    expect(await validateInput(field({ type: 'number', key: 'n', label: 'N', min: 0 }), '3,5', { today })).toEqual({
      kind: 'value',
      value: 3.5,
    });
    expect(
      await validateInput(field({ type: 'number', key: 'n', label: 'N', integer: true }), '3,5', { today }),
    ).toEqual({ kind: 'error', message: 'Saisissez un nombre entier, sans virgule.' });
    expect((await validateInput(field({ type: 'email', key: 'e', label: 'E' }), 'a@b', { today })).kind).toBe('error');
  });

  it('refuses markup and control characters in text, whatever the field', async () => {
    const result = await validateInput(
      field({ type: 'textarea', key: 't', label: 'T' }),
      'Bonjour <a href="x">clic</a>',
      { today },
    );
    expect(result).toMatchObject({ kind: 'error', message: expect.stringContaining('balises HTML') });
    expect((await validateInput(field({ type: 'text', key: 't', label: 'T' }), 'ligne\u0007', { today })).kind).toBe(
      'error',
    );
    expect(await validateInput(field({ type: 'textarea', key: 't', label: 'T' }), '3 < 5 et 6 > 2', { today })).toEqual(
      { kind: 'value', value: '3 < 5 et 6 > 2' },
    );
  });

  it('checks dates against the calendar and against today', async () => {
    const past = field({ type: 'date', key: 'd', label: 'D', max: 'today' });
    expect(await validateInput(past, { jour: '29', mois: '2', annee: '2024' }, { today })).toEqual({
      kind: 'value',
      value: '2024-02-29',
    });
    expect((await validateInput(past, { jour: '29', mois: '2', annee: '2025' }, { today })).kind).toBe('error');
    expect(await validateInput(past, { jour: '1', mois: '12', annee: '2026' }, { today })).toEqual({
      kind: 'error',
      message: "La date doit être aujourd'hui ou avant.",
    });
  });

  it('matches an address to its commune (INSEE code) from postcode and name, and says which communes a postcode has', async () => {
    expect(communeOfAddress('69130', 'ecully')).toEqual({ ok: true, commune: { inseeCode: '69081', name: 'Écully' } });
    expect(communeOfAddress('69003', 'Lyon 3e')).toMatchObject({ ok: true, commune: { inseeCode: '69123' } });
    const result = await validateInput(
      field({ type: 'address', key: 'a', label: 'A' }),
      { rue: '1 place', code_postal: '69700', commune: 'Lyon' },
      { today },
    );
    expect(result).toMatchObject({
      kind: 'error',
      message: expect.stringMatching(/^Le code postal 69700 correspond à .*Givors.* : vérifiez la commune\.$/),
    });
  });
});

describe('conditions and pages, decided on the server', () => {
  const definition = ZFormDefinition.parse({
    title: 'Un',
    fields: [
      {
        type: 'choice',
        key: 'q',
        label: 'Q',
        options: [
          { value: 'oui', label: 'Oui' },
          { value: 'non', label: 'Non' },
        ],
      },
      { type: 'text', key: 'si_oui', label: 'Si oui', condition: { field: 'q', equals: 'oui' } },
      { type: 'pageBreak', key: 'p2', title: 'Deux', condition: { field: 'q', equals: 'non' } },
      { type: 'text', key: 'page2', label: 'Page deux' },
      { type: 'pageBreak', key: 'p3', title: 'Trois' },
      { type: 'checkbox', key: 'ok', label: 'OK', required: false },
    ],
  } satisfies FormDefinitionInput);

  it('skips hidden fields and hidden pages, and drops their answers', async () => {
    expect(visiblePages(definition, { q: 'oui' })).toEqual([0, 2]);
    expect(visiblePages(definition, { q: 'non' })).toEqual([0, 1, 2]);
    const check = await checkAnswers(definition, {}, { known: { q: 'oui', si_oui: 'x', page2: 'caché' }, today });
    expect(check.errors).toEqual({});
    expect(check.answers).toEqual({ q: 'oui', si_oui: 'x' });
    const missing = await checkAnswers(definition, {}, { known: { q: 'non' }, today });
    expect(missing.errors).toEqual({ page2: 'Ce champ est obligatoire.' });
    expect(missing.errorPages).toEqual({ page2: 1 });
  });

  it('refuses a definition whose condition looks ahead or whose keys repeat', () => {
    const ahead = ZFormDefinition.safeParse({
      title: 'x',
      fields: [
        { type: 'text', key: 'a', label: 'A', condition: { field: 'b', filled: true } },
        { type: 'text', key: 'b', label: 'B' },
      ],
    });
    expect(ahead.success).toBe(false);
    const twice = ZFormDefinition.safeParse({
      title: 'x',
      fields: [
        { type: 'text', key: 'a', label: 'A' },
        { type: 'email', key: 'a', label: 'B' },
      ],
    });
    expect(twice.success).toBe(false);
  });
});
