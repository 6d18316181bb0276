import { initialOf } from '../../../platform/views/format.ts';
import type { Provider } from '../provider.ts';

/** The provider of a service or of a request's handling: logo (or initial) and name, everywhere its data shows. */
export function ProviderBadge({ provider, label = 'Proposé par' }: { provider: Provider; label?: string }) {
  return (
    <p class={`provider provider--${provider.kind}`}>
      {provider.logoUrl ? (
        <img class="provider__logo" src={provider.logoUrl} alt="" width={32} height={32} />
      ) : (
        <span class="provider__mark" aria-hidden="true">
          {initialOf(provider.name)}
        </span>
      )}
      <span>
        <span class="provider__label">{label} </span>
        <strong class="provider__name">{provider.name}</strong>
      </span>
    </p>
  );
}
