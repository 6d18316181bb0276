/* global CSS, FormData, File, fetch, navigator, Event, setTimeout, clearTimeout */
// Progressive enhancement of the counter's forms. Without this file everything works: conditions are decided on the
// server, drafts are saved at each page, the map point is typed as two numbers.
// Address fields get suggestions from the geocoder (the field itself is unchanged).
import './address-autocomplete.js';

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

function locateButtons(form) {
  if (!('geolocation' in navigator)) return;
  for (const block of form.querySelectorAll('[data-map-point]')) {
    const key = block.dataset.mapPoint;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'button button--secondary map-point__locate';
    button.textContent = 'Utiliser ma position';
    const status = document.createElement('p');
    status.setAttribute('role', 'status');
    status.className = 'field__hint';
    button.addEventListener('click', () => {
      status.textContent = 'Recherche de votre position…';
      navigator.geolocation.getCurrentPosition(
        (position) => {
          form.elements[`${key}.lat`].value = position.coords.latitude.toFixed(6).replace('.', ',');
          form.elements[`${key}.lon`].value = position.coords.longitude.toFixed(6).replace('.', ',');
          status.textContent = 'Position indiquée. Vérifiez-la avant de continuer.';
          form.dispatchEvent(new Event('change'));
        },
        () => {
          status.textContent = 'Votre position n’a pas pu être trouvée : saisissez la latitude et la longitude.';
        },
      );
    });
    block.append(button, status);
  }
}

for (const form of document.querySelectorAll('form.dynamic-form')) {
  form.classList.add('js-enhanced');
  refreshConditions(form);
  form.addEventListener('input', () => refreshConditions(form));
  form.addEventListener('change', () => refreshConditions(form));
  if (form.dataset.autosave) autosave(form);
  locateButtons(form);
}

// One click sends once: a second click while the page loads does nothing (the server would give back the same request anyway).
for (const button of document.querySelectorAll('[data-submit-once]')) {
  button.form?.addEventListener('submit', (event) => {
    if (button.dataset.sent) event.preventDefault();
    button.dataset.sent = 'oui';
    button.setAttribute('aria-disabled', 'true');
  });
}
