import { z } from 'zod';
import { defineRecurringJob } from '../../platform/jobs/job-definition.ts';
import { refreshDueLayers } from './refresh-layer.ts';

/** Layers read from an address or a dataset are read again when their interval (15 minutes at least) has passed. */
export const refreshLayersJob = defineRecurringJob({
  name: 'gis.refresh-layers',
  everyMinutes: 15,
  schema: z.object({ slot: z.string() }),
  async handler(_payload, { services }) {
    await refreshDueLayers(services);
  },
});
