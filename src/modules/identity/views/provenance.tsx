import { formatDate } from '../../../platform/views/format.ts';

export type ProvenanceView = { source: 'self' | 'franceconnect'; verifiedAt: Date | null; acr: string | null };

/** G1/G3: where an attribute comes from, in words: declared by the citizen, or certified by FranceConnect (when, how). */
export function ProvenanceText({ provenance }: { provenance: ProvenanceView }) {
  if (provenance.source === 'franceconnect') {
    return (
      <span class="badge badge--certified">
        Certifié par FranceConnect{provenance.verifiedAt ? ` le ${formatDate(provenance.verifiedAt)}` : ''}
        {provenance.acr ? ` (niveau ${provenance.acr})` : ''}
      </span>
    );
  }
  if (provenance.verifiedAt) return <span class="badge">Déclaré par vous, vérifié le {formatDate(provenance.verifiedAt)}</span>;
  return <span class="badge">Déclaré par vous</span>;
}
