/* global CSS, FormData, File, fetch, navigator, Event, setTimeout, clearTimeout */
// Progressive enhancement of the counter's forms. Without this file everything works: conditions are decided on the
// server, drafts are saved at each page, the map point is typed as two numbers.
// Address fields get suggestions from the geocoder (the field itself is unchanged); the map point gets a map to click
// (or to use by keyboard) and an address search, each filling its two numbers.
import { enhanceAddressInput } from './address-autocomplete.js';
import { createPointMap } from './point-map.js';

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

/** An element with its properties set. */
const make = (tag, properties) => Object.assign(document.createElement(tag), properties);

/** A typed number in either notation ("45,59" or "45.59"), or NaN. */
const parseDecimal = (text) => (/^\s*-?\d+([.,]\d+)?\s*$/.test(text) ? Number(text.replace(',', '.')) : NaN);

/**
 * Ways to fill a map point's latitude and longitude: a map (click, or keyboard), an address search (the geocoder's
 * suggestions) and, when the browser can locate itself, "Utiliser ma position". All speak in one status line under
 * the numbers, and the map's marker follows each of them and the numbers typed.
 */
function mapPointHelpers(form) {
  for (const block of form.querySelectorAll('[data-map-point]')) {
    const key = block.dataset.mapPoint;
    const latInput = form.elements[`${key}.lat`];
    const lonInput = form.elements[`${key}.lon`];
    let map = null;
    const fill = (lat, lon, message, { moveMap = true } = {}) => {
      latInput.value = decimal(lat);
      lonInput.value = decimal(lon);
      status.textContent = message;
      if (moveMap) map?.setPoint(lat, lon, { centre: true });
      form.dispatchEvent(new Event('change'));
    };
    const status = document.createElement('p');
    status.setAttribute('role', 'status');
    status.className = 'field__hint map-point__status';

    // The search field has no name: only the two numbers are sent, as without JavaScript.
    const baseId = block.querySelector('input')?.id ?? key;
    const inputId = `${baseId}-adresse`;
    const search = make('div', { className: 'field__part map-point__search' });
    const label = make('label', { className: 'field__part-label', htmlFor: inputId, textContent: 'Adresse' });
    const hint = make('p', {
      id: `${inputId}-aide`,
      className: 'field__hint',
      textContent:
        'Tapez le numéro et la rue, puis choisissez une adresse proposée : la latitude et la longitude seront remplies.',
    });
    const input = make('input', {
      id: inputId,
      type: 'text',
      className: 'input input--full',
      autocomplete: 'off',
      spellcheck: false,
    });
    input.setAttribute('aria-describedby', hint.id);
    search.append(label, hint, input);
    block.prepend(
      search,
      pointMap(block, `${baseId}-carte`, (m) => (map = m), fill),
    );
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

    // Numbers typed by hand move the marker once both make a place.
    const typed = () => {
      const lat = parseDecimal(latInput.value);
      const lon = parseDecimal(lonInput.value);
      if (Math.abs(lat) <= 90 && Math.abs(lon) <= 180) map?.setPoint(lat, lon);
    };
    latInput.addEventListener('input', typed);
    lonInput.addEventListener('input', typed);
  }
}

/**
 * The map above the numbers, with its instructions: a click, or Enter or Space at the centre, places the point and
 * fills the numbers. Returned at once (the map itself comes when OpenLayers has loaded; `ready` receives it).
 */
function pointMap(block, id, ready, fill) {
  const wrapper = make('div', { className: 'field__part point-map' });
  const help = make('p', {
    id: `${id}-aide`,
    className: 'field__hint',
    textContent:
      'Cliquez sur la carte à l’endroit du problème : la latitude et la longitude seront remplies. Au clavier : placez-vous sur la carte, déplacez-la avec les flèches (+ et − pour le zoom) jusqu’à ce que la croix du centre soit sur l’endroit, puis appuyez sur Entrée ou Espace.',
  });
  const element = make('div', { id, className: 'point-map__map', tabIndex: 0 });
  element.setAttribute('role', 'application');
  element.setAttribute('aria-label', 'Carte pour placer le lieu');
  element.setAttribute('aria-describedby', help.id);
  wrapper.append(help, element);
  const lat = parseDecimal(block.querySelector('input[name$=".lat"]')?.value ?? '');
  const lon = parseDecimal(block.querySelector('input[name$=".lon"]')?.value ?? '');
  const point = Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? { lat, lon } : null;
  createPointMap(element, {
    point,
    onPlace: (placedLat, placedLon, how) =>
      fill(
        placedLat,
        placedLon,
        `Point placé ${how === 'clavier' ? 'au centre de la carte' : 'sur la carte'} : latitude ${decimal(placedLat)}, longitude ${decimal(placedLon)}. Vérifiez-le avant de continuer.`,
        { moveMap: false },
      ),
  })
    .then((map) => {
      ready(map);
      wrapper.dataset.ready = 'true';
    })
    // Without the map (OpenLayers not loaded), the address search and the numbers still do.
    .catch(() => wrapper.remove());
  return wrapper;
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
