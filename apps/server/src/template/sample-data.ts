/**
 * Loads a bundle's `sampleData` through the runtime, so sample records get validation, formulas,
 * auto-numbers and history like any other. Sample records name each other by their own `id`
 * strings (`"account": "7b0c…0001"`); those become the database ids of the records created.
 * Entities are created targets first; a reference that cannot be resolved yet (a cycle, or an
 * entity pointing at itself) is set by an update once its target exists.
 *
 * @example
 * const count = await loadSampleData(runtime, bundle, { userId: adminId });
 */
import type { AppBundle, Entity, Field, RelationField } from '@pipewright/metadata';
import type { Actor, Runtime } from '@pipewright/runtime';

type SampleRecord = Record<string, unknown>;

/** Database ids of created sample records: entity key → sample id → id. */
type IdMap = Map<string, Map<string, number>>;

interface Deferred {
  id: number;
  values: Record<string, unknown>;
}

/** Creates every sample record of the bundle (the app must be installed); returns how many. */
export async function loadSampleData(runtime: Runtime, bundle: AppBundle, actor: Actor): Promise<number> {
  const sample = (bundle.sampleData ?? {}) as Record<string, SampleRecord[]>;
  const entities = creationOrder(bundle.entities.filter((e) => (sample[e.key]?.length ?? 0) > 0));
  const ids: IdMap = new Map(entities.map((e) => [e.key, new Map()]));
  const deferred = new Map<string, Deferred[]>();
  let count = 0;
  for (const entity of entities) {
    const records = sample[entity.key]!;
    const split = records.map((r) => resolveReferences(entity, r, ids));
    const created = await runtime.records.createMany(bundle.app.key, entity.key, split.map((s) => s.now), actor);
    records.forEach((record, i) => {
      const id = created[i]!.id as number;
      if (record.id !== undefined) ids.get(entity.key)!.set(String(record.id), id);
      if (Object.keys(split[i]!.later).length > 0) deferred.set(entity.key, [...(deferred.get(entity.key) ?? []), { id, values: split[i]!.later }]);
    });
    count += created.length;
  }
  for (const [entityKey, updates] of deferred) {
    const entity = bundle.entities.find((e) => e.key === entityKey)!;
    const items = updates.map((u) => ({ id: u.id, body: resolveReferences(entity, u.values, ids, true).now }));
    await runtime.records.updateMany(bundle.app.key, entityKey, items, actor);
  }
  return count;
}

/** Entities ordered so that the targets of many-to-one relations come before the records pointing at them. */
function creationOrder(entities: Entity[]): Entity[] {
  const keys = new Set(entities.map((e) => e.key));
  const pending = new Map(entities.map((e) => [e.key, new Set(manyToOneTargets(e.fields).filter((t) => t !== e.key && keys.has(t)))]));
  const ordered: Entity[] = [];
  while (ordered.length < entities.length) {
    const ready = entities.filter((e) => pending.has(e.key) && pending.get(e.key)!.size === 0);
    // A cycle: take the first remaining entity; its unresolved references are set afterwards.
    const next = ready.length > 0 ? ready : [entities.find((e) => pending.has(e.key))!];
    for (const entity of next) {
      ordered.push(entity);
      pending.delete(entity.key);
      for (const deps of pending.values()) deps.delete(entity.key);
    }
  }
  return ordered;
}

function manyToOneTargets(fields: readonly Field[]): string[] {
  return fields.flatMap((f) => (f.type === 'relation' && f.kind === 'manyToOne' ? [f.target] : f.type === 'lineItems' ? manyToOneTargets(f.fields) : []));
}

/**
 * Splits a sample record into the body to create now (references translated to ids, `id`
 * dropped) and the references whose targets do not exist yet.
 */
function resolveReferences(entity: Entity, record: SampleRecord, ids: IdMap, strict = false): { now: SampleRecord; later: SampleRecord } {
  const now: SampleRecord = {};
  const later: SampleRecord = {};
  for (const [key, value] of Object.entries(record)) {
    if (key === 'id') continue;
    const field = entity.fields.find((f) => f.key === key);
    if (!field || value === null || value === undefined) {
      now[key] = value;
    } else if (field.type === 'relation' && field.kind !== 'oneToMany') {
      const translated = translateRelation(field, value, ids);
      if (translated === undefined && !strict) later[key] = value;
      else now[key] = translated ?? value;
    } else if (field.type === 'lineItems' && Array.isArray(value)) {
      now[key] = value.map((line: SampleRecord) => resolveReferences({ ...entity, fields: field.fields }, line, ids, true).now);
    } else {
      now[key] = value;
    }
  }
  return { now, later };
}

/** The ids for a relation value given as sample ids; undefined when a target is not created yet. */
function translateRelation(field: RelationField, value: unknown, ids: IdMap): unknown {
  const targets = ids.get(field.target);
  const one = (v: unknown): number | undefined => (typeof v === 'number' && !targets?.size ? v : targets?.get(String(v)));
  if (field.kind === 'manyToMany') {
    if (!Array.isArray(value)) return value;
    const mapped = value.map(one);
    return mapped.every((v) => v !== undefined) ? mapped : undefined;
  }
  return one(value);
}
