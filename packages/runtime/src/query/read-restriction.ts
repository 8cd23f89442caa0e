/**
 * What a reader may see, as the query layer needs it: a row condition for the listed entity, the
 * readable fields of each entity, and the scopes of related entities (for relation paths in
 * filters and for expansions). Built by the permission guard; absent for unrestricted readers.
 */
import type { BoundFilter } from '@pipewright/engines';
import type { RawBuilder } from 'kysely';

export interface ReadRestriction {
  /** The condition rows of `entityKey` under `alias` must meet, or undefined for all rows. */
  condition(entityKey: string, alias: string): RawBuilder<unknown> | undefined;
  /** The readable fields of an entity, or undefined for all. */
  fields(entityKey: string): readonly string[] | undefined;
  /** The read scope of a related entity reached through a relation path. */
  relatedScope(entityKey: string): BoundFilter | undefined;
}
