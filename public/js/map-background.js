// The background of every map we draw (the agents' GIS viewer, the report's place on the counter's forms, the
// request's place in the GRU): configured XYZ tiles when a deployment has some, and always our own outlines
// (/carte/communes.geojson: the communes, and the metropolis's border drawn stronger), so a map is useful offline.

/** The outlines' look: member communes filled, neighbours lighter, the metropolis's border dark and thick. */
function outlineStyle(ol, feature) {
  if (feature.get('fond') === 'metropole')
    return new ol.style.Style({ stroke: new ol.style.Stroke({ color: '#3a3a3a', width: 3 }) });
  const member = feature.get('membre') !== false;
  return new ol.style.Style({
    stroke: new ol.style.Stroke({ color: '#7a7a7a', width: 1 }),
    fill: new ol.style.Fill({ color: member ? 'rgba(240,240,235,0.6)' : 'rgba(250,250,250,0.3)' }),
    text: new ol.style.Text({
      text: feature.get('nom'),
      fill: new ol.style.Fill({ color: '#3a3a3a' }),
      stroke: new ol.style.Stroke({ color: '#ffffff', width: 3 }),
    }),
  });
}

/**
 * The background layers, lowest first: `tiles` ({ url, attribution, crossOrigin }) when configured, then the
 * outlines read from `outlines`. The outlines' layer is returned too, for fitting a view to them.
 */
export function backgroundLayers(ol, { tiles, outlines }) {
  const layers = [];
  if (tiles?.url) {
    layers.push(
      new ol.layer.Tile({
        source: new ol.source.XYZ({
          url: tiles.url,
          crossOrigin: tiles.crossOrigin,
          attributions: tiles.attribution || undefined,
        }),
      }),
    );
  }
  const outlineLayer = new ol.layer.Vector({
    source: new ol.source.Vector({ url: outlines, format: new ol.format.GeoJSON() }),
    style: (feature) => outlineStyle(ol, feature),
    properties: { background: true },
  });
  layers.push(outlineLayer);
  return { layers, outlines: outlineLayer };
}
