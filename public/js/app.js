// Progressive enhancement only: every page works without this file.

// An error summary takes focus when the page opens, so screen-reader and keyboard users start from the errors.
const summary = document.querySelector('.error-summary');
if (summary instanceof HTMLElement) summary.focus();

// Links of the error summary move focus to the field itself, not only scroll to it.
document.addEventListener('click', (event) => {
  const link = event.target instanceof Element ? event.target.closest('.error-summary a[href^="#"]') : null;
  if (!link) return;
  const field = document.getElementById(link.getAttribute('href').slice(1));
  if (field) {
    event.preventDefault();
    field.focus();
    field.scrollIntoView({ block: 'center' });
  }
});
