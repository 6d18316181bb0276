import { describe, expect, it } from 'vitest';
import { boundingBox, distanceMetres } from './geo.ts';

describe('great-circle distance (issue 15 §6)', () => {
  it('measures a known distance: Lyon Bellecour to Lyon Part-Dieu is about 2.3 km', () => {
    const d = distanceMetres({ lat: 45.7578, lon: 4.832 }, { lat: 45.7606, lon: 4.8595 });
    expect(d).toBeGreaterThan(2100);
    expect(d).toBeLessThan(2300);
  });

  it('the bounding box holds every point at the radius, in every direction', () => {
    const centre = { lat: 45.76, lon: 4.85 };
    const box = boundingBox(centre, 250);
    for (let bearing = 0; bearing < 360; bearing += 15) {
      const b = (bearing * Math.PI) / 180;
      const p = {
        lat: centre.lat + (249 / 111_195) * Math.cos(b),
        lon: centre.lon + (249 / (111_195 * Math.cos((45.76 * Math.PI) / 180))) * Math.sin(b),
      };
      expect(distanceMetres(centre, p)).toBeLessThan(251);
      expect(p.lat).toBeGreaterThanOrEqual(box.south);
      expect(p.lat).toBeLessThanOrEqual(box.north);
      expect(p.lon).toBeGreaterThanOrEqual(box.west);
      expect(p.lon).toBeLessThanOrEqual(box.east);
    }
  });
});
