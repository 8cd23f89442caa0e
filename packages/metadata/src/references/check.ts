/**
 * The second validation pass: references between documents that JSON Schema cannot express.
 * Each document kind contributes one checker in this folder; `referenceCheckers` lists them all,
 * so a new kind adds one file and one line here.
 */
import type { MetadataError } from '../errors.ts';
import type { AppBundle } from '../generated/types.ts';
import type { Catalog } from './catalog.ts';

export type ReferenceChecker = (bundle: AppBundle, catalog: Catalog) => MetadataError[];
