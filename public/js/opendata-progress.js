// The loading page follows its file by itself: while the bar is not finished, the page reloads every two seconds.
// Without this script, the "Actualiser la progression" link does the same on demand.
const bar = document.getElementById('od-progress');
if (bar && bar.dataset.finished === 'non') window.setTimeout(() => window.location.reload(), 2000);
