/* global fetch, setTimeout, clearTimeout, CustomEvent, AbortController, URLSearchParams */
// Address suggestions from the geocoder (/geocodage/api, over the communes' Base Adresse Locale) on the counter's
// address fields, the report's place (forms.js adds an address search there) and the agents' map: the ARIA 1.2
// combobox pattern (list of options, arrows, Enter, Escape). Only an aid: the field stays a plain text field and the
// server accepts whatever it accepted before. A chosen address is announced to the page by an `address-selected`
// event carrying the GeoJSON feature's coordinates.

const SELECTOR = 'input[autocomplete="street-address"], input[data-geocoder-input]';
let counter = 0;

for (const input of document.querySelectorAll(SELECTOR)) enhanceAddressInput(input);

/** Makes a text field (already in the page) a combobox of the geocoder's suggestions. */
export function enhanceAddressInput(input) {
  counter += 1;
  const endpoint = document.getElementById('sig-viewer')?.dataset.geocoder ?? '/geocodage/api';
  const listId = `adresse-suggestions-${counter}`;
  const statusId = `adresse-statut-${counter}`;
  const wrapper = document.createElement('div');
  wrapper.className = 'address-combobox';
  input.parentNode.insertBefore(wrapper, input);
  wrapper.append(input);
  const list = document.createElement('ul');
  list.id = listId;
  list.className = 'address-combobox__list';
  list.setAttribute('role', 'listbox');
  list.setAttribute('aria-label', 'Adresses suggérées');
  list.hidden = true;
  const status = document.createElement('p');
  status.id = statusId;
  status.className = 'visually-hidden';
  status.setAttribute('role', 'status');
  wrapper.append(list, status);
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', listId);

  let suggestions = [];
  let active = -1;
  let timer = null;
  let pending = null;

  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const highlight = (index) => {
    active = index;
    [...list.children].forEach((option, i) => option.setAttribute('aria-selected', i === index ? 'true' : 'false'));
    if (index >= 0) input.setAttribute('aria-activedescendant', `${listId}-${index}`);
    else input.removeAttribute('aria-activedescendant');
  };
  const choose = (index) => {
    const feature = suggestions[index];
    if (!feature) return;
    const p = feature.properties;
    input.value = p.housenumber ? `${p.housenumber} ${p.street}` : p.name;
    const group = input.closest('fieldset');
    const base = input.name?.replace(/\.rue$/, '');
    if (group && base) {
      const postcode = group.querySelector(`input[name="${base}.code_postal"]`);
      const city = group.querySelector(`input[name="${base}.commune"]`);
      if (postcode && p.postcode) postcode.value = p.postcode;
      if (city) city.value = p.city;
    }
    close();
    status.textContent = `Adresse choisie : ${p.label}`;
    input.dispatchEvent(
      new CustomEvent('address-selected', {
        bubbles: true,
        detail: { coordinates: feature.geometry.coordinates, properties: p },
      }),
    );
  };
  const render = () => {
    list.replaceChildren(
      ...suggestions.map((feature, index) => {
        const option = document.createElement('li');
        option.id = `${listId}-${index}`;
        option.className = 'address-combobox__option';
        option.setAttribute('role', 'option');
        option.setAttribute('aria-selected', 'false');
        option.textContent = feature.properties.label;
        option.addEventListener('mousedown', (event) => {
          event.preventDefault();
          choose(index);
        });
        return option;
      }),
    );
    const open = suggestions.length > 0;
    list.hidden = !open;
    input.setAttribute('aria-expanded', open ? 'true' : 'false');
    status.textContent = open
      ? `${suggestions.length} adresse${suggestions.length > 1 ? 's' : ''} suggérée${suggestions.length > 1 ? 's' : ''} : flèche bas pour les parcourir.`
      : 'Aucune adresse suggérée.';
    highlight(-1);
  };
  const lookup = async () => {
    const q = input.value.trim();
    if (q.length < 3) {
      suggestions = [];
      close();
      return;
    }
    pending?.abort();
    pending = new AbortController();
    try {
      const response = await fetch(`${endpoint}?${new URLSearchParams({ q, limit: '5' })}`, {
        signal: pending.signal,
        headers: { accept: 'application/geo+json' },
      });
      if (!response.ok) return;
      suggestions = (await response.json()).features ?? [];
      render();
    } catch {
      // No suggestion when the geocoder cannot be reached: the field works as before.
    }
  };

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(lookup, 200);
  });
  input.addEventListener('keydown', (event) => {
    if (list.hidden) {
      if (event.key === 'ArrowDown' && suggestions.length) {
        render();
        highlight(0);
        event.preventDefault();
      }
      return;
    }
    if (event.key === 'ArrowDown') highlight((active + 1) % suggestions.length);
    else if (event.key === 'ArrowUp') highlight(active <= 0 ? suggestions.length - 1 : active - 1);
    else if (event.key === 'Enter' && active >= 0) choose(active);
    else if (event.key === 'Escape') close();
    else return;
    event.preventDefault();
  });
  input.addEventListener('blur', () => setTimeout(close, 100));
}
