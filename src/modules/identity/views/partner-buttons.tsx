/**
 * The State's buttons (DSFR "Bouton FranceConnect" component, as links): unchanged label, design and hover state,
 * with the "Qu'est-ce que…" link below, and an "ou" separating them from the local form (FranceConnect's rules).
 */
export function FranceConnectButton({ href }: { href: string }) {
  return (
    <div class="fr-connect-group">
      <a class="fr-connect" href={href}>
        <span class="fr-connect__login">S’identifier avec</span> <span class="fr-connect__brand">FranceConnect</span>
      </a>
      <p>
        <a href="https://franceconnect.gouv.fr/" target="_blank" rel="noopener" title="Qu’est-ce que FranceConnect ? - nouvelle fenêtre">
          Qu’est-ce que FranceConnect ?
        </a>
      </p>
    </div>
  );
}

export function ProConnectButton({ href }: { href: string }) {
  return (
    <div class="fr-connect-group">
      <a class="fr-connect fr-connect--pro" href={href}>
        <span class="fr-connect__login">S’identifier avec</span> <span class="fr-connect__brand">ProConnect</span>
      </a>
      <p>
        <a href="https://www.proconnect.gouv.fr/" target="_blank" rel="noopener" title="Qu’est-ce que ProConnect ? - nouvelle fenêtre">
          Qu’est-ce que ProConnect ?
        </a>
      </p>
    </div>
  );
}

export function OrSeparator() {
  return <p class="or-separator">ou</p>;
}
