/**
 * The service desk (`packages/metadata/fixtures/service-desk.bundle.json`): customers, assets
 * with a warranty, parts with prices and stock, tickets with parts as line items (the unit price
 * copied from the part), formulas over relations and the clock, and three roles (agent,
 * technician scoped to their own tickets, manager). A second app unlike the sales one, for tests.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { AppBundle } from '@pipewright/metadata';

/** A fresh copy of the service desk bundle. */
export function serviceDeskBundle(): AppBundle {
  const metadataEntry = createRequire(import.meta.url).resolve('@pipewright/metadata');
  return JSON.parse(readFileSync(join(dirname(metadataEntry), '..', 'fixtures', 'service-desk.bundle.json'), 'utf8')) as AppBundle;
}
