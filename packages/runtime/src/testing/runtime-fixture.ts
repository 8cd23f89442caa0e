/**
 * A runtime on a fresh test database (PGlite, or PostgreSQL when DATABASE_URL is set) with the
 * sales app installed, for integration tests.
 */
import type { AppBundle } from '@pipewright/metadata';
import { openTestDatabase } from '../database/index.ts';
import { openRuntime, type Runtime } from '../runtime.ts';
import { salesBundle } from './sales-bundle.ts';

export async function openTestRuntime(bundle: AppBundle | null = salesBundle): Promise<Runtime> {
  const runtime = await openRuntime(await openTestDatabase());
  if (bundle) await runtime.apps.publish(bundle, { actor: 1 });
  return runtime;
}

/** A deep copy of a bundle with a new version, for migration tests. */
export function nextVersion(bundle: AppBundle, version: string, change: (draft: AppBundle) => void): AppBundle {
  const draft = structuredClone(bundle);
  draft.app.version = version;
  change(draft);
  return draft;
}

export const admin = { userId: 1, timeZone: 'Asia/Shanghai' };
