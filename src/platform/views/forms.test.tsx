import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { Checkbox, ChoiceGroup, DateField, ErrorSummary, FileField, Select, TextArea, TextField } from './forms.tsx';

/** Every id an aria-describedby names must exist, and every label must point at a field. */
function checkReferences(html: string): void {
  const ids = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
  for (const [, list] of html.matchAll(/aria-describedby="([^"]+)"/g)) {
    for (const id of (list ?? '').split(' ')) expect(ids, `aria-describedby names a missing id ${id}`).toContain(id);
  }
  for (const [, target] of html.matchAll(/<label[^>]*\sfor="([^"]+)"/g))
    expect(ids, `label for a missing id ${target}`).toContain(target);
}

describe('accessible form components (issue 2 §6)', () => {
  it('ties a text field to its hint and its error, and marks it invalid', () => {
    const html = renderToString(
      <TextField
        name="nom"
        label="Nom de famille"
        hint="Tel qu'écrit sur vos papiers"
        error="Saisissez votre nom de famille"
        value="<b>"
      />,
    );
    checkReferences(html);
    expect(html).toContain('aria-describedby="champ-nom-aide champ-nom-erreur"');
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('<span class="visually-hidden">Erreur : </span>Saisissez votre nom de famille');
    expect(html).toContain('value="&lt;b>"');
  });

  it('says which fields are optional instead of starring the required ones', () => {
    expect(renderToString(<TextField name="tel" label="Téléphone" required={false} />)).toContain('(facultatif)');
    expect(renderToString(<TextField name="nom" label="Nom" />)).not.toContain('(facultatif)');
  });

  it('groups radios and checkboxes in a fieldset whose legend is the question', () => {
    const html = renderToString(
      <ChoiceGroup
        kind="radio"
        name="offre"
        label="Offre"
        error="Choisissez une offre"
        value="abonne"
        choices={[
          { value: 'partenaire', label: 'Partenaire', hint: 'Instance communale' },
          { value: 'abonne', label: 'Abonné' },
        ]}
      />,
    );
    checkReferences(html);
    expect(html).toMatch(/<fieldset[^>]*aria-describedby="champ-offre-erreur"[^>]*><legend/);
    expect(html).toContain('id="champ-offre"');
    expect(html).toMatch(/value="abonne" checked/);
  });

  it('asks a date as day, month and year, each labelled', () => {
    const html = renderToString(
      <DateField
        name="naissance"
        label="Date de naissance"
        autocompletePrefix="bday"
        value={{ jour: '14', mois: '7', annee: '1989' }}
      />,
    );
    checkReferences(html);
    for (const part of ['Jour', 'Mois', 'Année']) expect(html).toContain(`>${part}</label>`);
    expect(html).toContain('name="naissance.annee"');
    expect(html).toContain('autocomplete="bday-year"');
  });

  it('renders the other fields with their labels', () => {
    const html = renderToString(
      <form>
        <TextArea name="message" label="Votre message" error="Écrivez votre message" />
        <Select
          name="commune"
          label="Commune"
          placeholder="Choisir"
          choices={[{ value: 'givors', label: 'Givors' }]}
          value="givors"
        />
        <FileField name="piece" label="Justificatif" hint="PDF, 5 Mo au plus" accept="application/pdf" />
        <Checkbox name="accord" label="J'accepte" error="Cochez la case pour continuer" />
      </form>,
    );
    checkReferences(html);
    expect(html).toContain('<option value="givors" selected>Givors</option>');
  });

  it('links each error of the summary to its field', () => {
    const html = renderToString(
      <ErrorSummary errors={{ email: 'Saisissez votre adresse', 'naissance.jour': 'Date invalide' }} />,
    );
    expect(html).toContain('role="alert"');
    expect(html).toContain('Le formulaire contient 2 erreurs');
    expect(html).toContain('href="#champ-email"');
    expect(html).toContain('href="#champ-naissance-jour"');
  });
});
