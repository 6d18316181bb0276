import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formFile, formText, parseForm } from './forms.ts';
import { ZReturnPath } from './guards.ts';

describe('form input', () => {
  it('gives the values as sent with the data, so a form refused later can be redrawn as typed', () => {
    const form = parseForm(z.object({ name: z.string().trim() }), { name: '  Ana ', _csrf: 'x', tags: ['a', 'b'] });
    expect(form).toEqual({ ok: true, data: { name: 'Ana' }, values: { name: '  Ana ', tags: ['a', 'b'] } });
    expect(formText(form.values)).toEqual({ name: '  Ana ' });
  });

  it('reads the file of a multipart file input, and nothing from an empty one or a text field', async () => {
    const bytes = Buffer.from('png');
    const part = {
      filename: 'logo.png',
      _buf: bytes,
      toBuffer: async function (this: { _buf: Buffer }) {
        return this._buf;
      },
    };
    expect(await formFile({ logo: part }, 'logo')).toEqual({ filename: 'logo.png', bytes });
    expect(await formFile({ logo: { ...part, filename: '' } }, 'logo')).toBeUndefined();
    expect(await formFile({ logo: { value: 'texte' } }, 'logo')).toBeUndefined();
    expect(await formFile(undefined, 'logo')).toBeUndefined();
  });

  it('keeps a return path of this site only, and tolerates its absence', () => {
    const query = z.object({ retour: ZReturnPath });
    expect(query.parse({}).retour).toBeUndefined();
    expect(query.parse({ retour: '/compte' }).retour).toBe('/compte');
    expect(query.parse({ retour: '//ailleurs.example' }).retour).toBeUndefined();
    expect(query.parse({ retour: ['/a', '/b'] }).retour).toBeUndefined();
  });
});
