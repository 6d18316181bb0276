// The agents' map, drawn with OpenLayers (served from /static/vendor): progressive enhancement of /sig, whose
// listing of layers and attribute tables works without it. Everything is reachable by keyboard: the map pans with
// the arrows and zooms with + and -, and the tools act on the map's centre.
/* global ol, proj4, setTimeout, history, location */
import { backgroundLayers } from './map-background.js';

const section = document.getElementById('sig-viewer');
if (section && typeof ol !== 'undefined') start(section);

function start(root) {
  root.hidden = false;
  proj4.defs(
    'EPSG:2154',
    '+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000 +y_0=6600000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
  );
  ol.proj.proj4.register(proj4);

  // Configured tiles (crossOrigin, for the PNG export) and our own outlines: the background every map shares.
  const background = backgroundLayers(ol, {
    tiles: root.dataset.tileUrl
      ? { url: root.dataset.tileUrl, attribution: root.dataset.tileAttribution, crossOrigin: 'anonymous' }
      : null,
    outlines: root.dataset.outlines,
  }).layers;

  const hash = readHash();
  const view = new ol.View({
    center: ol.proj.fromLonLat(hash ? [hash.lon, hash.lat] : [4.835, 45.76]),
    zoom: hash ? hash.zoom : 11,
  });
  const map = new ol.Map({
    target: 'sig-map',
    layers: background,
    view,
    controls: (ol.control.defaults.defaults ?? ol.control.defaults)().extend([
      new ol.control.ScaleLine({ units: 'metric' }),
    ]),
    keyboardEventTarget: document.getElementById('sig-map'),
  });

  // Thematic layers, one per checkbox of the switcher.
  const thematic = new Map();
  const boxes = [...root.querySelectorAll('input[data-layer-url]')];
  for (const box of boxes) {
    const s = JSON.parse(box.dataset.layerStyle);
    const style = new ol.style.Style({
      stroke: new ol.style.Stroke({ color: s.color, width: s.width }),
      fill: new ol.style.Fill({ color: s.fill }),
      image: new ol.style.Circle({
        radius: s.radius,
        fill: new ol.style.Fill({ color: s.fill }),
        stroke: new ol.style.Stroke({ color: '#ffffff', width: 1.5 }),
      }),
    });
    const layer = new ol.layer.Vector({
      source: new ol.source.Vector({ url: box.dataset.layerUrl, format: new ol.format.GeoJSON() }),
      style,
      visible: false,
      properties: { title: box.dataset.layerTitle, slug: box.value },
    });
    thematic.set(box.value, layer);
    map.addLayer(layer);
    if (hash?.layers.includes(box.value)) box.checked = true;
    layer.setVisible(box.checked);
    box.addEventListener('change', () => {
      layer.setVisible(box.checked);
      writeHash();
    });
  }

  // Coordinates of the pointer, or of the centre for keyboard users, in WGS 84 and Lambert-93.
  const coordinates = document.getElementById('sig-coordinates');
  const showCoordinates = (coordinate, where) => {
    const [lon, lat] = ol.proj.toLonLat(coordinate);
    const [x, y] = ol.proj.transform(coordinate, 'EPSG:3857', 'EPSG:2154');
    coordinates.textContent = `${where} : WGS 84 ${lat.toFixed(5)}, ${lon.toFixed(5)} — Lambert-93 X ${Math.round(x)} m, Y ${Math.round(y)} m`;
  };
  map.on('pointermove', (event) => showCoordinates(event.coordinate, 'Pointeur'));
  map.on('moveend', () => {
    showCoordinates(view.getCenter(), 'Centre de la carte');
    writeHash();
  });

  // Feature information: a click, or the button for the feature under the centre.
  const info = document.getElementById('sig-info');
  const showInfo = (pixel) => {
    const found = [];
    map.forEachFeatureAtPixel(
      pixel,
      (feature, layer) => {
        if (layer && !layer.get('background')) found.push({ feature, layer });
      },
      { hitTolerance: 6 },
    );
    info.replaceChildren(element('h3', {}, 'Informations'));
    if (found.length === 0) {
      info.append(element('p', {}, 'Aucun objet d’une couche affichée à cet endroit.'));
      return;
    }
    for (const { feature, layer } of found.slice(0, 5)) {
      const table = element('table', { class: 'table' });
      table.append(element('caption', {}, layer.get('title')));
      const body = element('tbody');
      for (const [key, value] of Object.entries(feature.getProperties())) {
        if (key === 'geometry') continue;
        const row = element('tr');
        row.append(element('th', { scope: 'row' }, key), element('td', {}, value == null ? '' : String(value)));
        body.append(row);
      }
      table.append(body);
      info.append(table);
    }
  };
  map.on('singleclick', (event) => showInfo(event.pixel));

  // Measures (length, area): drawn with the pointer, or point by point from the map's centre.
  const measureOutput = document.getElementById('sig-measure');
  const measureSource = new ol.source.Vector();
  map.addLayer(
    new ol.layer.Vector({
      source: measureSource,
      style: new ol.style.Style({
        stroke: new ol.style.Stroke({ color: '#c2410c', width: 3, lineDash: [8, 6] }),
        fill: new ol.style.Fill({ color: 'rgba(194,65,12,0.15)' }),
      }),
      properties: { background: true },
    }),
  );
  let draw = null;
  const tool = (name) => root.querySelector(`[data-tool="${name}"]`);
  const formatMeasure = (geometry) => {
    if (geometry instanceof ol.geom.Polygon) {
      const area = ol.sphere.getArea(geometry);
      return area > 100000 ? `${(area / 1e6).toFixed(3)} km²` : `${Math.round(area)} m²`;
    }
    const length = ol.sphere.getLength(geometry);
    return length > 1000 ? `${(length / 1000).toFixed(3)} km` : `${Math.round(length)} m`;
  };
  const stopMeasure = () => {
    if (draw) map.removeInteraction(draw);
    draw = null;
    for (const name of ['length', 'area']) tool(name).setAttribute('aria-pressed', 'false');
    tool('add-point').disabled = true;
    tool('finish').disabled = true;
  };
  const startMeasure = (kind) => {
    stopMeasure();
    measureSource.clear();
    draw = new ol.interaction.Draw({ source: measureSource, type: kind === 'area' ? 'Polygon' : 'LineString' });
    draw.on('drawstart', (event) => {
      event.feature.getGeometry().on('change', (e) => {
        measureOutput.textContent = `Mesure en cours : ${formatMeasure(e.target)}`;
      });
    });
    draw.on('drawend', (event) => {
      measureOutput.textContent = `${kind === 'area' ? 'Surface' : 'Longueur'} mesurée : ${formatMeasure(event.feature.getGeometry())}`;
      setTimeout(stopMeasure, 0);
    });
    map.addInteraction(draw);
    tool(kind).setAttribute('aria-pressed', 'true');
    tool('add-point').disabled = false;
    tool('finish').disabled = false;
    measureOutput.textContent =
      kind === 'area'
        ? 'Mesure de surface : cliquez les sommets, ou centrez la carte et ajoutez le centre ; double-clic ou « Terminer » pour finir.'
        : 'Mesure de longueur : cliquez les points, ou centrez la carte et ajoutez le centre ; double-clic ou « Terminer » pour finir.';
  };
  tool('length').addEventListener('click', () => (draw ? stopMeasure() : startMeasure('length')));
  tool('area').addEventListener('click', () => (draw ? stopMeasure() : startMeasure('area')));
  tool('add-point').addEventListener('click', () => draw?.appendCoordinates([view.getCenter()]));
  tool('finish').addEventListener('click', () => draw?.finishDrawing());
  tool('info').addEventListener('click', () => showInfo(map.getPixelFromCoordinate(view.getCenter())));

  // Export as PNG: the map's canvases composed into one image.
  tool('png').addEventListener('click', () => {
    map.once('rendercomplete', () => {
      const size = map.getSize();
      const ratio = window.devicePixelRatio || 1;
      const canvas = document.createElement('canvas');
      canvas.width = size[0] * ratio;
      canvas.height = size[1] * ratio;
      const context = canvas.getContext('2d');
      context.fillStyle = '#ffffff';
      context.fillRect(0, 0, canvas.width, canvas.height);
      for (const layerCanvas of map.getViewport().querySelectorAll('.ol-layer canvas, canvas.ol-layer')) {
        if (layerCanvas.width === 0) continue;
        const opacity = layerCanvas.parentNode.style.opacity || layerCanvas.style.opacity;
        context.globalAlpha = opacity === '' ? 1 : Number(opacity);
        const matrix = layerCanvas.style.transform
          .match(/^matrix\(([^(]*)\)$/)?.[1]
          .split(',')
          .map(Number);
        if (matrix) context.setTransform(...matrix);
        else context.setTransform(1, 0, 0, 1, 0, 0);
        context.drawImage(layerCanvas, 0, 0);
      }
      context.globalAlpha = 1;
      context.setTransform(1, 0, 0, 1, 0, 0);
      try {
        const link = document.createElement('a');
        link.download = 'carte.png';
        link.href = canvas.toDataURL('image/png');
        link.click();
        measureOutput.textContent = 'Image de la carte enregistrée (carte.png).';
      } catch {
        measureOutput.textContent = 'Le fond de carte configuré n’autorise pas l’export en image.';
      }
    });
    map.renderSync();
  });

  // Go to an address chosen in the search box (address-autocomplete.js announces the choice).
  const search = document.getElementById('sig-address');
  search?.addEventListener('address-selected', (event) => {
    view.animate({ center: ol.proj.fromLonLat(event.detail.coordinates), zoom: 18, duration: 300 });
  });

  // Permalink: zoom, centre and visible layers in the address's fragment.
  const permalink = document.getElementById('sig-permalink');
  function writeHash() {
    const [lon, lat] = ol.proj.toLonLat(view.getCenter());
    const visible = boxes.filter((b) => b.checked).map((b) => b.value);
    const fragment = `#carte=${view.getZoom().toFixed(2)}/${lat.toFixed(5)}/${lon.toFixed(5)}${visible.length ? `&couches=${visible.join(',')}` : ''}`;
    history.replaceState(null, '', fragment);
    permalink.href = fragment;
  }
  window.addEventListener('hashchange', () => {
    const next = readHash();
    if (!next) return;
    view.setCenter(ol.proj.fromLonLat([next.lon, next.lat]));
    view.setZoom(next.zoom);
    for (const box of boxes) {
      box.checked = next.layers.includes(box.value);
      thematic.get(box.value)?.setVisible(box.checked);
    }
  });
  root.dataset.ready = 'true';
}

function readHash() {
  const match = /carte=([\d.]+)\/(-?[\d.]+)\/(-?[\d.]+)(?:&couches=([a-z0-9,-]*))?/.exec(location.hash);
  if (!match) return null;
  return {
    zoom: Number(match[1]),
    lat: Number(match[2]),
    lon: Number(match[3]),
    layers: (match[4] ?? '').split(',').filter(Boolean),
  };
}

function element(name, attributes = {}, text) {
  const node = document.createElement(name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (text !== undefined) node.textContent = text;
  return node;
}
