// A map of one GeoJSON document, drawn with OpenLayers (served from /static/vendor/ol.js) and fitted to its features:
// the open-data map preview and the public map of reports. No base map, so it works offline; each page puts the same
// data beside it in a table or a list. Read from the element: `data-geojson` (the document), `data-max-zoom`, and
// `data-feature-links` (a click on a feature opens its `url`). A hidden element is shown once the script runs.
// A block, not the top level: OpenLayers' build declares the global `ol`, and a top-level `const ol` beside it is a
// redeclaration that stops this whole script.
{
  const { ol } = window;
  for (const target of ol ? document.querySelectorAll('[data-geojson]') : []) {
    target.hidden = false;
    const source = new ol.source.Vector();
    const map = new ol.Map({
      target,
      layers: [new ol.layer.Vector({ source })],
      view: new ol.View({ center: ol.proj.fromLonLat([4.85, 45.76]), zoom: 11 }),
    });
    if (target.hasAttribute('data-feature-links')) {
      map.on('click', (event) => {
        const feature = map.forEachFeatureAtPixel(event.pixel, (f) => f);
        const url = feature && feature.get('url');
        if (typeof url === 'string' && url.startsWith('/')) window.location.assign(url);
      });
    }
    const maxZoom = Number(target.dataset.maxZoom) || 17;
    window
      .fetch(target.dataset.geojson, { headers: { accept: 'application/geo+json, application/json' } })
      .then((response) => response.json())
      .then((data) => {
        source.addFeatures(new ol.format.GeoJSON().readFeatures(data, { featureProjection: 'EPSG:3857' }));
        const extent = source.getExtent();
        if (extent.every(Number.isFinite)) map.getView().fit(extent, { padding: [24, 24, 24, 24], maxZoom });
        target.dataset.features = String(source.getFeatures().length);
      });
  }
}
