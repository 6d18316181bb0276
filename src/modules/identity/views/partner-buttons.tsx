import type { FederationPartner } from '../identity.tables.ts';

const PARTNER_BUTTONS: Record<FederationPartner, { brand: string; modifier: string; about: string }> = {
  franceconnect: { brand: 'FranceConnect', modifier: '', about: 'https://franceconnect.gouv.fr/' },
  proconnect: { brand: 'ProConnect', modifier: ' fr-connect--pro', about: 'https://www.proconnect.gouv.fr/' },
};

/**
 * The State's buttons (DSFR "Bouton FranceConnect" component, as links): unchanged label, design and hover state,
 * with the "Qu'est-ce que…" link below, and an "ou" separating them from the local form (FranceConnect's rules).
 */
function PartnerButton({ partner, href }: { partner: FederationPartner; href: string }) {
  const { brand, modifier, about } = PARTNER_BUTTONS[partner];
  return (
    <div class="fr-connect-group">
      <a class={`fr-connect${modifier}`} href={href}>
        <span class="fr-connect__login">S’identifier avec</span> <span class="fr-connect__brand">{brand}</span>
      </a>
      <p>
        <a href={about} target="_blank" rel="noopener" title={`Qu’est-ce que ${brand} ? - nouvelle fenêtre`}>
          Qu’est-ce que {brand} ?
        </a>
      </p>
    </div>
  );
}

export const FranceConnectButton = ({ href }: { href: string }) => (
  <PartnerButton partner="franceconnect" href={href} />
);

export const ProConnectButton = ({ href }: { href: string }) => <PartnerButton partner="proconnect" href={href} />;

export function OrSeparator() {
  return <p class="or-separator">ou</p>;
}
