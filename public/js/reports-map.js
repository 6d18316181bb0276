// The public map of reports: draws the GeoJSON of the list shown below it (same filters) with OpenLayers, served
// from /static/vendor/ol.js. No base map, so it works offline; the list holds the same reports for keyboard and
// screen-reader users, which is why the map stays hidden until this script runs. A click on a point opens its report.
// A block, not the top level: OpenLayers' build declares the global `ol`.
{
  const target = document.getElementById('reports-map');
  const { ol } = window;
  if (target && ol) {
    target.hidden = false;
    const source = new ol.source.Vector();
    const map = new ol.Map({
      target,
      layers: [new ol.layer.Vector({ source })],
      view: new ol.View({ center: ol.proj.fromLonLat([4.85, 45.76]), zoom: 11 }),
    });
    map.on('click', (event) => {
      const feature = map.forEachFeatureAtPixel(event.pixel, (f) => f);
      const url = feature && feature.get('url');
      if (typeof url === 'string' && url.startsWith('/')) window.location.assign(url);
    });
    window
      .fetch(target.dataset.geojson, { headers: { accept: 'application/geo+json' } })
      .then((response) => response.json())
      .then((data) => {
        source.addFeatures(new ol.format.GeoJSON().readFeatures(data, { featureProjection: 'EPSG:3857' }));
        const extent = source.getExtent();
        if (source.getFeatures().length && extent.every(Number.isFinite))
          map.getView().fit(extent, { padding: [24, 24, 24, 24], maxZoom: 16 });
        target.dataset.features = String(source.getFeatures().length);
      });
  }
}
