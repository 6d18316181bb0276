// The open-data map preview: draws the dataset's GeoJSON with OpenLayers (served from /static/vendor/ol.js), fitted to
// its features. No base map: the page works offline, and the table next to it holds the same data.
// A block, not the top level: OpenLayers' build declares the global `ol`, and a top-level `const ol` beside it is a
// redeclaration that stops this whole script.
{
  const target = document.getElementById('od-map');
  const { ol } = window;
  if (target && ol) {
    const source = new ol.source.Vector();
    const map = new ol.Map({
      target,
      layers: [new ol.layer.Vector({ source })],
      view: new ol.View({ center: ol.proj.fromLonLat([4.85, 45.76]), zoom: 11 }),
    });
    window
      .fetch(target.dataset.geojson)
      .then((response) => response.json())
      .then((data) => {
        source.addFeatures(new ol.format.GeoJSON().readFeatures(data, { featureProjection: 'EPSG:3857' }));
        const extent = source.getExtent();
        if (extent.every(Number.isFinite)) map.getView().fit(extent, { padding: [24, 24, 24, 24], maxZoom: 17 });
        target.dataset.features = String(source.getFeatures().length);
      });
  }
}
