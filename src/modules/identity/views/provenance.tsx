import { formatDate } from '../../../platform/views/format.ts';

export type ProvenanceView = { source: 'self' | 'franceconnect'; verifiedAt: Date | null; acr: string | null };

/** Where an attribute comes from, in words: declared by the citizen, or certified by FranceConnect (when, how). */
export function ProvenanceText({ provenance }: { provenance: ProvenanceView }) {
  if (provenance.source === 'franceconnect') {
    return (
      <span class="badge badge--certified">
        Certifié par FranceConnect{provenance.verifiedAt ? ` le ${formatDate(provenance.verifiedAt)}` : ''}
        {provenance.acr ? ` (niveau ${provenance.acr})` : ''}
      </span>
    );
  }
  if (provenance.verifiedAt)
    return <span class="badge">Déclaré par vous, vérifié le {formatDate(provenance.verifiedAt)}</span>;
  return <span class="badge">Déclaré par vous</span>;
}

/**
 * One attribute offered for sharing (consent page, counter prefill step): a checkbox, its label, and under it the value
 * that would be shared with where it comes from.
 */
export function AttributeChoice(props: {
  id: string;
  attribute: string;
  label: string;
  display: string | null;
  provenance: ProvenanceView | null;
  approved: boolean;
}) {
  const { id, provenance } = props;
  return (
    <div class="choice">
      <input
        class="choice__input"
        type="checkbox"
        id={id}
        name="attribut"
        value={props.attribute}
        checked={props.approved}
        aria-describedby={`${id}-valeur`}
      />
      <label class="choice__label" for={id}>
        {props.label}
      </label>
      <p class="choice__hint" id={`${id}-valeur`}>
        {props.display ?? 'Non renseigné dans votre compte'}
        {provenance ? (
          <>
            {' — '}
            <ProvenanceText provenance={provenance} />
          </>
        ) : null}
      </p>
    </div>
  );
}
