// Progressive enhancement of the back-office: every page works without this file.

// An export's progress page follows the job by itself; the link "Actualiser" stays for those without JavaScript.
const progress = document.querySelector('[data-export-progress]');
if (progress instanceof HTMLElement && !['done', 'failed'].includes(progress.dataset.exportStatus ?? '')) {
  const url = progress.dataset.exportProgress;
  const bar = progress.querySelector('progress');
  const text = progress.querySelector('.export-progress__text');
  const download = progress.querySelector('.export-progress__download');
  const refresh = progress.querySelector('.export-progress__refresh');
  const poll = async () => {
    try {
      const response = await window.fetch(url, { headers: { accept: 'application/json' } });
      if (!response.ok) return;
      const state = await response.json();
      if (bar) {
        bar.max = Math.max(1, state.total);
        bar.value = state.done;
      }
      if (text && text.textContent !== state.text) text.textContent = state.text;
      if (state.status === 'done' || state.status === 'failed') {
        if (state.status === 'done' && download) download.hidden = false;
        refresh?.remove();
        return;
      }
    } catch {
      // The network failed: try again at the next tick.
    }
    window.setTimeout(poll, 2000);
  };
  window.setTimeout(poll, 1000);
}
