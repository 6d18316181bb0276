/* global CSS, FormData, File, fetch, navigator, Event, setTimeout, clearTimeout */
// Progressive enhancement of the counter's forms. Without this file everything works: conditions are decided on the
// server, drafts are saved at each page, the map point is typed as two numbers.
// Address fields get suggestions from the geocoder (the field itself is unchanged); the map point gets an address
// search whose chosen address fills its two numbers.
import { enhanceAddressInput } from './address-autocomplete.js';

/** The answers of this page, as the server's conditions read them (see forms/answers.ts evaluateCondition). */
function valuesOf(form) {
  const values = {};
  for (const element of form.elements) {
    if (!element.name || element.name.startsWith('_')) continue;
    if (element.type === 'radio') {
      if (element.checked) values[element.name] = element.value;
      else if (!(element.name in values)) values[element.name] = '';
    } else if (element.type === 'checkbox') {
      const group = form.querySelectorAll(`input[type="checkbox"][name="${CSS.escape(element.name)}"]`);
      if (group.length === 1) values[element.name] = element.checked;
      else {
        values[element.name] ??= [];
        if (element.checked) values[element.name].push(element.value);
      }
    } else if (element.type !== 'file') values[element.name] = element.value;
  }
  return values;
}

const filled = (v) =>
  Array.isArray(v) ? v.length > 0 : typeof v === 'boolean' ? v : typeof v === 'string' ? v.trim() !== '' : v != null;

function holds(condition, values) {
  if (condition.all) return condition.all.every((c) => holds(c, values));
  if (condition.any) return condition.any.some((c) => holds(c, values));
  if (!(condition.field in values)) return true; // not on this page: the server already decided
  const value = values[condition.field];
  if ('filled' in condition) return filled(value) === condition.filled;
  const wanted = 'equals' in condition ? [condition.equals] : condition.in;
  if (Array.isArray(value)) return value.some((v) => wanted.includes(v));
  if (typeof value === 'boolean') return wanted.includes(value ? 'oui' : 'non');
  return wanted.includes(value);
}

function refreshConditions(form) {
  const values = valuesOf(form);
  for (const block of form.querySelectorAll('.conditional[data-condition]')) {
    block.hidden = !holds(JSON.parse(block.dataset.condition), values);
  }
}

function autosave(form) {
  const status = document.createElement('p');
  status.className = 'autosave-status';
  status.setAttribute('role', 'status');
  form.append(status);
  let timer = null;
  const save = async () => {
    const data = new FormData(form);
    for (const [name, value] of [...data.entries()]) if (value instanceof File) data.delete(name);
    data.set('_action', 'autosave');
    try {
      const response = await fetch(form.dataset.autosave, { method: 'POST', body: data, credentials: 'same-origin' });
      if (response.ok) {
        const time = new Date().toLocaleTimeString('fr-FR', { hour: '2-digit', minute: '2-digit' });
        status.textContent = `Brouillon enregistré à ${time}.`;
      }
    } catch {
      // Offline: the page's own buttons still save.
    }
  };
  form.addEventListener('change', () => {
    clearTimeout(timer);
    timer = setTimeout(save, 800);
  });
}

/** Where the geocoder puts an address, in the form's decimal-comma notation. */
const decimal = (degrees) => degrees.toFixed(6).replace('.', ',');

/**
 * Ways to fill a map point's latitude and longitude: an address search (the geocoder's suggestions) and, when the
 * browser can locate itself, "Utiliser ma position". Both speak in one status line under the numbers.
 */
function mapPointHelpers(form) {
  for (const block of form.querySelectorAll('[data-map-point]')) {
    const key = block.dataset.mapPoint;
    const fill = (lat, lon, message) => {
      form.elements[`${key}.lat`].value = decimal(lat);
      form.elements[`${key}.lon`].value = decimal(lon);
      status.textContent = message;
      form.dispatchEvent(new Event('change'));
    };
    const status = document.createElement('p');
    status.setAttribute('role', 'status');
    status.className = 'field__hint map-point__status';

    // The search field has no name: only the two numbers are sent, as without JavaScript.
    const inputId = `${block.querySelector('input')?.id ?? key}-adresse`;
    const search = document.createElement('div');
    search.className = 'field__part map-point__search';
    const label = document.createElement('label');
    label.className = 'field__part-label';
    label.htmlFor = inputId;
    label.textContent = 'Adresse';
    const hint = document.createElement('p');
    hint.id = `${inputId}-aide`;
    hint.className = 'field__hint';
    hint.textContent =
      'Tapez le numéro et la rue, puis choisissez une adresse proposée : la latitude et la longitude seront remplies.';
    const input = document.createElement('input');
    input.id = inputId;
    input.type = 'text';
    input.className = 'input input--full';
    input.autocomplete = 'off';
    input.spellcheck = false;
    input.setAttribute('aria-describedby', hint.id);
    search.append(label, hint, input);
    block.prepend(search);
    enhanceAddressInput(input);
    input.addEventListener('address-selected', (event) => {
      const [lon, lat] = event.detail.coordinates;
      fill(
        lat,
        lon,
        `Latitude ${decimal(lat)} et longitude ${decimal(lon)} remplies d’après l’adresse ${event.detail.properties.label}. Vérifiez-les avant de continuer.`,
      );
    });

    if ('geolocation' in navigator) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'button button--secondary map-point__locate';
      button.textContent = 'Utiliser ma position';
      button.addEventListener('click', () => {
        status.textContent = 'Recherche de votre position…';
        navigator.geolocation.getCurrentPosition(
          (position) =>
            fill(
              position.coords.latitude,
              position.coords.longitude,
              'Position indiquée. Vérifiez-la avant de continuer.',
            ),
          () => {
            status.textContent = 'Votre position n’a pas pu être trouvée : saisissez la latitude et la longitude.';
          },
        );
      });
      block.append(button);
    }
    block.append(status);
  }
}

for (const form of document.querySelectorAll('form.dynamic-form')) {
  form.classList.add('js-enhanced');
  refreshConditions(form);
  form.addEventListener('input', () => refreshConditions(form));
  form.addEventListener('change', () => refreshConditions(form));
  if (form.dataset.autosave) autosave(form);
  mapPointHelpers(form);
}

// One click sends once: a second click while the page loads does nothing (the server would give back the same request anyway).
for (const button of document.querySelectorAll('[data-submit-once]')) {
  button.form?.addEventListener('submit', (event) => {
    if (button.dataset.sent) event.preventDefault();
    button.dataset.sent = 'oui';
    button.setAttribute('aria-disabled', 'true');
  });
}
