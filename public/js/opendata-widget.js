// The open-data widget for communes' own sites: one script tag plus
//   <div data-communs-dataset="slug" data-communs-rows="5"></div>
// Each such div becomes a card (title, producer, licence, update date, link) and a table of the first rows, read from
// the portal's public JSON endpoint (CORS). Styled by CSS variables the host page may set (--communs-primary).
(function () {
  var script = document.currentScript;
  var origin = script ? new window.URL(script.src).origin : '';
  function text(tag, content, className) {
    var el = document.createElement(tag);
    el.textContent = content;
    if (className) el.className = className;
    return el;
  }
  function render(host, data) {
    host.textContent = '';
    var card = document.createElement('section');
    card.className = 'communs-od';
    card.setAttribute('aria-label', 'Jeu de données : ' + data.title);
    card.style.border = '2px solid var(--communs-primary, ' + (data.producer.colour || '#005a9c') + ')';
    card.style.padding = '1rem';
    card.style.fontFamily = 'inherit';
    var title = document.createElement('h2');
    var link = text('a', data.title);
    link.href = data.url;
    title.appendChild(link);
    card.appendChild(title);
    card.appendChild(text('p', data.description));
    card.appendChild(
      text('p', data.producer.name + ' · ' + data.licence.label + ' · mis à jour le ' + (data.dataUpdatedOn || '—')),
    );
    if (data.columns.length && data.rows.length) {
      var table = document.createElement('table');
      table.appendChild(text('caption', 'Premières lignes du jeu ' + data.title));
      var head = document.createElement('tr');
      data.columns.forEach(function (c) {
        var th = text('th', c);
        th.scope = 'col';
        head.appendChild(th);
      });
      var thead = document.createElement('thead');
      thead.appendChild(head);
      table.appendChild(thead);
      var body = document.createElement('tbody');
      data.rows.forEach(function (row) {
        var tr = document.createElement('tr');
        data.columns.forEach(function (c) {
          tr.appendChild(text('td', row[c] == null ? '' : String(row[c])));
        });
        body.appendChild(tr);
      });
      table.appendChild(body);
      card.appendChild(table);
    }
    host.appendChild(card);
  }
  document.querySelectorAll('[data-communs-dataset]').forEach(function (host) {
    var slug = host.getAttribute('data-communs-dataset');
    var rows = host.getAttribute('data-communs-rows') || '5';
    window
      .fetch(origin + '/api/donnees/jeux/' + encodeURIComponent(slug) + '?rows=' + encodeURIComponent(rows))
      .then(function (r) {
        if (!r.ok) throw new Error(String(r.status));
        return r.json();
      })
      .then(function (data) {
        render(host, data);
      })
      .catch(function () {
        host.textContent = 'Ce jeu de données est indisponible.';
      });
  });
})();
