// A map showing one point, drawn with OpenLayers (served by us from /static/vendor, never a CDN): the report's place
// on the counter's forms, where the citizen places it, and the request's place on the agents' request page, read
// only. Progressive enhancement: the form's latitude and longitude (and, for agents, the server-drawn SVG with its
// caption) remain the source of truth and what works without JavaScript.
//
// Keyboard: the map is one Tab stop; the arrows pan it, + and − zoom, and on a form Enter or Space places the point
// at the centre of the map, marked by a cross while the map has the focus. Nothing needs a drag.
/* global ol */
import { backgroundLayers } from './map-background.js';

const OUTLINES = '/carte/communes.geojson';
// Lyon's centre: where a map without a point opens until the outlines say where the metropolis is.
const DEFAULT_CENTRE = [4.835, 45.76];

let loading = null;

/** OpenLayers and its stylesheet, loaded once and only by pages that draw a map (the CSP allows our own scripts). */
export function loadOpenLayers() {
  if (typeof ol !== 'undefined') return Promise.resolve();
  loading ??= new Promise((resolve, reject) => {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = '/static/vendor/ol.css';
    document.head.append(link);
    const script = document.createElement('script');
    script.src = '/static/vendor/ol.js';
    script.addEventListener('load', () => resolve());
    script.addEventListener('error', () => reject(new Error('OpenLayers could not be loaded')));
    document.head.append(script);
  });
  return loading;
}

const markerStyle = () =>
  new ol.style.Style({
    image: new ol.style.Circle({
      radius: 9,
      fill: new ol.style.Fill({ color: '#c8102e' }),
      stroke: new ol.style.Stroke({ color: '#ffffff', width: 3 }),
    }),
  });

/**
 * Draws a map in `element` (an empty div the caller placed and labelled). Options: `point` ({ lat, lon } or null);
 * `onPlace(lat, lon, how)` makes the map editable — a click ('clic') or Enter/Space ('clavier') places the point.
 * Returns `{ setPoint(lat, lon, { centre }) }` so that other ways of filling the point move the marker too.
 */
export async function createPointMap(element, { point = null, onPlace = null } = {}) {
  await loadOpenLayers();
  const body = document.body.dataset;
  const background = backgroundLayers(ol, {
    tiles: body.mapTiles ? { url: body.mapTiles, attribution: body.mapAttribution } : null,
    outlines: OUTLINES,
  });
  // Around a point: the street with tiles; without them, the neighbourhood, where the outlines still say something.
  const close = body.mapTiles ? 17 : 13;
  const marker = new ol.Feature();
  const view = new ol.View({
    center: ol.proj.fromLonLat(point ? [point.lon, point.lat] : DEFAULT_CENTRE),
    zoom: point ? close : 10,
    maxZoom: 19,
  });
  const map = new ol.Map({
    target: element,
    layers: [
      ...background.layers,
      new ol.layer.Vector({ source: new ol.source.Vector({ features: [marker] }), style: markerStyle() }),
    ],
    view,
    controls: (ol.control.defaults.defaults ?? ol.control.defaults)({
      rotate: false,
      zoomOptions: { zoomInTipLabel: 'Zoom avant', zoomOutTipLabel: 'Zoom arrière' },
      attributionOptions: { tipLabel: 'Sources du fond de carte' },
    }),
    keyboardEventTarget: element,
    // The page scrolls over the map until the map has the focus (a click or Tab); only then does the wheel zoom.
    interactions: (ol.interaction.defaults.defaults ?? ol.interaction.defaults)({ mouseWheelZoom: false }).extend([
      new ol.interaction.MouseWheelZoom({ condition: ol.events.condition.focusWithTabindex }),
    ]),
  });
  // French names for OpenLayers' zoom buttons, which only carry an English title of their own.
  for (const [selector, name] of [
    ['.ol-zoom-in', 'Zoom avant'],
    ['.ol-zoom-out', 'Zoom arrière'],
  ])
    element.querySelector(selector)?.setAttribute('aria-label', name);

  // Without a point yet, the map opens on the metropolis (the outlines' extent) rather than on a fixed guess.
  if (!point) {
    background.outlines.getSource().once('featuresloadend', () => {
      if (marker.getGeometry()) return;
      const extent = background.outlines.getSource().getExtent();
      if (extent.every(Number.isFinite)) view.fit(extent, { padding: [16, 16, 16, 16], maxZoom: 13 });
    });
  }

  const setPoint = (lat, lon, { centre = false } = {}) => {
    const coordinate = ol.proj.fromLonLat([lon, lat]);
    marker.setGeometry(new ol.geom.Point(coordinate));
    const visible = ol.extent.containsCoordinate(view.calculateExtent(map.getSize()), coordinate);
    if (centre || !visible)
      view.animate({ center: coordinate, zoom: Math.max(view.getZoom() ?? close, close), duration: 250 });
  };
  if (point) marker.setGeometry(new ol.geom.Point(ol.proj.fromLonLat([point.lon, point.lat])));

  if (onPlace) {
    element.classList.add('point-map__map--editable');
    const place = (coordinate, how) => {
      marker.setGeometry(new ol.geom.Point(coordinate));
      const [lon, lat] = ol.proj.toLonLat(coordinate);
      onPlace(lat, lon, how);
    };
    map.on('singleclick', (event) => place(event.coordinate, 'clic'));
    element.addEventListener('keydown', (event) => {
      if (event.target !== element || event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.key !== 'Enter' && event.key !== ' ') return;
      event.preventDefault();
      place(view.getCenter(), 'clavier');
    });
  }
  return { setPoint };
}

/** The agents' request page: the SVG gives way to the same map, read only, centred on the request's point. */
async function showRequestPoint(figure) {
  const lat = Number(figure.dataset.lat);
  const lon = Number(figure.dataset.lon);
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) return;
  const element = document.createElement('div');
  element.className = 'point-map__map';
  element.tabIndex = 0;
  element.setAttribute('role', 'region');
  element.setAttribute(
    'aria-label',
    `${figure.dataset.label ?? 'Carte du lieu'} : les flèches déplacent la carte, + et − changent le zoom`,
  );
  figure.prepend(element);
  try {
    await createPointMap(element, { point: { lat, lon } });
    figure.classList.add('request-map--live');
  } catch {
    element.remove();
  }
}

for (const figure of document.querySelectorAll('[data-point-map-view]')) void showRequestPoint(figure);
