import type { Executor } from '../../platform/db/tenant-scope.ts';
import { houseNumber, parseAddressQuery } from './address-text.ts';
import {
  type AddressHit,
  addressesNumbered,
  nearestAddresses,
  searchStreets,
  type StreetHit,
} from './geocoder.repo.ts';

/**
 * The properties of a Photon answer (GeocodeJSON as Photon writes it), plus `label`, `citycode` and `id` as the
 * national address API (addok) gives them, so clients of either find what they read.
 */
export type PhotonProperties = {
  type: 'house' | 'street';
  name: string;
  housenumber?: string;
  street: string;
  postcode?: string;
  city: string;
  citycode: string;
  countrycode: 'FR';
  country: 'France';
  label: string;
  id: string;
  osm_key: 'place' | 'highway';
  osm_value: 'house' | 'street';
  distance?: number;
};

export type PhotonFeature = {
  type: 'Feature';
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: PhotonProperties;
};

export type PhotonCollection = { type: 'FeatureCollection'; features: PhotonFeature[] };

function streetFeature(s: StreetHit): PhotonFeature {
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [s.lon, s.lat] },
    properties: {
      type: 'street',
      name: s.name,
      street: s.name,
      ...(s.postcode ? { postcode: s.postcode } : {}),
      city: s.commune_name,
      citycode: s.commune_insee,
      countrycode: 'FR',
      country: 'France',
      label: `${s.name} ${s.postcode ?? ''} ${s.commune_name}`.replace(/\s+/g, ' '),
      id: `${s.commune_insee}_street_${s.id}`,
      osm_key: 'highway',
      osm_value: 'street',
    },
  };
}

function houseFeature(a: AddressHit, distanceMetres?: number): PhotonFeature {
  const number = houseNumber(a.number, a.suffix);
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [a.lon, a.lat] },
    properties: {
      type: 'house',
      name: `${number} ${a.street}`,
      housenumber: number,
      street: a.street,
      ...(a.postcode ? { postcode: a.postcode } : {}),
      city: a.commune_name,
      citycode: a.commune_insee,
      countrycode: 'FR',
      country: 'France',
      label: `${number} ${a.street} ${a.postcode ?? ''} ${a.commune_name}`.replace(/\s+/g, ' '),
      id: a.cle_interop,
      osm_key: 'place',
      osm_value: 'house',
      ...(distanceMetres === undefined ? {} : { distance: Math.round(distanceMetres) }),
    },
  };
}

/**
 * Forward geocoding: the streets that match the words, and when a number was typed, that number's addresses on
 * them (the street itself when it has no such number), in the streets' order.
 */
export async function geocode(
  db: Executor,
  input: { q: string; limit: number; bias: { lon: number; lat: number } | null },
): Promise<PhotonCollection> {
  const query = parseAddressQuery(input.q);
  const streets = await searchStreets(db, {
    text: query.text,
    words: query.words,
    limit: input.limit,
    bias: input.bias,
  });
  const features: PhotonFeature[] = [];
  if (query.number === null) {
    for (const s of streets) features.push(streetFeature(s));
  } else {
    const numbered = await addressesNumbered(
      db,
      streets.map((s) => s.id),
      query.number,
    );
    for (const s of streets) {
      const houses = numbered.filter((a) => a.street_id === s.id);
      // The suffix typed ("3 bis") first, then the plain number, then the others.
      houses.sort((x, y) => rankSuffix(x.suffix, query.suffix) - rankSuffix(y.suffix, query.suffix));
      if (houses.length) for (const h of houses) features.push(houseFeature(h));
      else features.push(streetFeature(s));
    }
  }
  return { type: 'FeatureCollection', features: features.slice(0, input.limit) };
}

function rankSuffix(suffix: string | null, wanted: string | null): number {
  if (suffix === wanted) return 0;
  return suffix === null ? 1 : 2;
}

/** Reverse geocoding: the addresses nearest the point, within the radius. */
export async function reverseGeocode(
  db: Executor,
  input: { lon: number; lat: number; radiusKm: number; limit: number },
): Promise<PhotonCollection> {
  const rows = await nearestAddresses(db, input, input.radiusKm, input.limit);
  return {
    type: 'FeatureCollection',
    features: rows.map((r) => houseFeature(r, Math.sqrt(r.distance) * 111_320)),
  };
}
