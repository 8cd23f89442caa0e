/**
 * First start: when no app is installed yet, install the template app and load its sample data,
 * so a fresh server has something to show. For now the template is the metadata package's
 * lead-and-opportunity fixture; the CRM template package replaces it later.
 *
 * @example
 * const result = await installTemplate(runtime, { actor: { userId: 1 } });
 * // { installed: true, app: 'lead_opportunity', version: '1.0.0', sampleRecords: 12 }
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { AppBundle } from '@pipewright/metadata';
import { AppVersionError, type Actor, type Directory, type Runtime } from '@pipewright/runtime';
import { loadSampleData } from './sample-data.ts';
import { createSampleOrganisation } from './sample-organisation.ts';

export interface InstallTemplateOptions {
  actor: Actor;
  /** The bundle to install; default: {@link readTemplateBundle}. */
  bundle?: unknown;
  /** Load the bundle's `sampleData`. Default true. */
  sampleData?: boolean;
  /** With the sample data: create the template's sales organisation in this directory first (see sample-organisation.ts). */
  directory?: Directory;
}

export type InstallTemplateResult =
  | { installed: false; reason: 'appsInstalled' | 'installedElsewhere' }
  | { installed: true; app: string; version: string; sampleRecords: number };

/** Where the template bundle is read from. */
export function templateBundlePath(): string {
  const metadataEntry = createRequire(import.meta.url).resolve('@pipewright/metadata');
  return join(dirname(metadataEntry), '..', 'fixtures', 'lead-opportunity.bundle.json');
}

/** Reads the template bundle (JSON, not validated yet: publishing validates it). */
export async function readTemplateBundle(): Promise<unknown> {
  return JSON.parse(await readFile(templateBundlePath(), 'utf8')) as unknown;
}

/** Installs the template app unless some app is installed already. */
export async function installTemplate(runtime: Runtime, options: InstallTemplateOptions): Promise<InstallTemplateResult> {
  if ((await runtime.apps.list()).length > 0) return { installed: false, reason: 'appsInstalled' };
  const document = options.bundle ?? (await readTemplateBundle());
  try {
    const preview = await runtime.apps.publish(document, { actor: options.actor.userId });
    const bundle = (await runtime.apps.model(preview.app)).bundle as AppBundle;
    if (options.sampleData !== false && options.directory) await createSampleOrganisation(options.directory, preview.app);
    const sampleRecords = options.sampleData === false ? 0 : await loadSampleData(runtime, bundle, options.actor);
    return { installed: true, app: preview.app, version: preview.toVersion, sampleRecords };
  } catch (error) {
    // Another instance started at the same moment and installed it first.
    if (error instanceof AppVersionError && error.code === 'app.versionExists') return { installed: false, reason: 'installedElsewhere' };
    throw error;
  }
}
