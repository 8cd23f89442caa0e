/**
 * What the runner knows about one installed app, read from the role-filtered app endpoint
 * (`GET /api/apps/:app`): the bundle the caller may see and their `access` map. Pure lookups;
 * nothing here knows a particular app's entities.
 *
 * @example
 * const model = appModel(answer);
 * model.entity('lead')?.fields; model.can('lead', 'create'); model.fieldAccess('lead', 'score') // 'readOnly'
 */
import type { AppBundle, Entity, Field, Form, Label, PermissionAction, View } from '@pipewright/metadata';

import type { AppAnswer, EntityAccess, Locale } from '../../api/types.ts';

export type { AppAnswer, Locale };
export type FieldAccessLevel = EntityAccess['fields'][string];

const systemLabels: Record<string, Label> = {
  id: { 'zh-CN': '编号', en: 'ID' },
  owner_id: { 'zh-CN': '负责人', en: 'Owner' },
  created_by: { 'zh-CN': '创建人', en: 'Created by' },
  created_at: { 'zh-CN': '创建时间', en: 'Created' },
  updated_at: { 'zh-CN': '更新时间', en: 'Updated' },
  deleted_at: { 'zh-CN': '删除时间', en: 'Deleted' },
};

/**
 * The system columns every record has, described as fields so the registry can show them:
 * `owner_id` and `created_by` are users, the times are date-times. Read-only except `owner_id`,
 * which changes through a transfer.
 */
export const systemFields: readonly Field[] = [
  { key: 'owner_id', label: systemLabels.owner_id!, type: 'user' },
  { key: 'created_by', label: systemLabels.created_by!, type: 'user', readOnly: true },
  { key: 'created_at', label: systemLabels.created_at!, type: 'datetime', readOnly: true },
  { key: 'updated_at', label: systemLabels.updated_at!, type: 'datetime', readOnly: true },
  { key: 'deleted_at', label: systemLabels.deleted_at!, type: 'datetime', readOnly: true },
];

export const systemFieldKeys: ReadonlySet<string> = new Set(['id', 'version', ...systemFields.map((f) => f.key)]);

export function labelOf(label: Label | undefined, locale: Locale): string {
  if (!label) return '';
  return label[locale] || label['zh-CN'] || label.en;
}

export interface AppModel {
  readonly key: string;
  readonly bundle: AppBundle;
  entity(key: string): Entity | undefined;
  view(key: string): View | undefined;
  form(key: string): Form | undefined;
  /** The view an entity opens with: the one marked default, else its first table view. */
  defaultView(entityKey: string): View | undefined;
  /** The form an entity creates and edits with: the one marked default, else its first. */
  defaultForm(entityKey: string): Form | undefined;
  viewsOf(entityKey: string): View[];
  /** A field of the entity or a system column, by key; undefined when the reader may not see it. */
  field(entityKey: string, key: string): Field | undefined;
  /**
   * The field at a path that may cross many-to-one relations (`account.industry`), with the
   * entity it belongs to; undefined when any step is unknown or hidden.
   */
  fieldAtPath(entityKey: string, path: string): { entity: Entity; field: Field } | undefined;
  can(entityKey: string, action: PermissionAction): boolean;
  /**
   * Whether a read may expand the relation `key` of an entity: a many-to-one relation the reader
   * sees, to an entity the reader may read (the server refuses the whole read otherwise).
   */
  expandable(entityKey: string, key: string): boolean;
  /** 'editable', 'readOnly', or undefined for a field the reader may not see. */
  fieldAccess(entityKey: string, fieldKey: string): FieldAccessLevel | undefined;
  /** The title of a record: its entity's title field, else its name, else its id. */
  titleOf(entityKey: string, record: Record<string, unknown>): string;
}

export function appModel(answer: AppAnswer): AppModel {
  const { bundle, access } = answer;
  const entities = new Map(bundle.entities.map((e) => [e.key, e]));
  const views = new Map((bundle.views ?? []).map((v) => [v.key, v]));
  const forms = new Map((bundle.forms ?? []).map((f) => [f.key, f]));

  const field = (entityKey: string, key: string): Field | undefined => {
    const entity = entities.get(entityKey);
    if (!entity) return undefined;
    const own = entity.fields.find((f) => f.key === key);
    if (own) return access[entityKey]?.fields[key] ? own : undefined;
    return systemFields.find((f) => f.key === key);
  };

  return {
    key: answer.key,
    bundle,
    entity: (key) => entities.get(key),
    view: (key) => views.get(key),
    form: (key) => forms.get(key),
    viewsOf: (entityKey) => [...views.values()].filter((v) => v.entity === entityKey),
    defaultView: (entityKey) => {
      const own = [...views.values()].filter((v) => v.entity === entityKey);
      return own.find((v) => v.default) ?? own.find((v) => v.type === 'table') ?? own[0];
    },
    defaultForm: (entityKey) => {
      const own = [...forms.values()].filter((f) => f.entity === entityKey);
      return own.find((f) => f.default) ?? own[0];
    },
    field,
    fieldAtPath: (entityKey, path) => {
      const steps = path.split('.');
      let current = entities.get(entityKey);
      for (let i = 0; current && i < steps.length; i++) {
        const found = field(current.key, steps[i]!);
        if (!found) return undefined;
        if (i === steps.length - 1) return { entity: current, field: found };
        if (found.type !== 'relation' || found.kind !== 'manyToOne' || access[found.target]?.actions.read !== true) return undefined;
        current = entities.get(found.target);
      }
      return undefined;
    },
    can: (entityKey, action) => access[entityKey]?.actions[action] === true,
    expandable: (entityKey, key) => {
      const found = field(entityKey, key);
      return found?.type === 'relation' && found.kind === 'manyToOne' && access[found.target]?.actions.read === true;
    },
    fieldAccess: (entityKey, fieldKey) => {
      if (systemFieldKeys.has(fieldKey)) return fieldKey === 'owner_id' && access[entityKey]?.actions.transfer ? 'editable' : 'readOnly';
      return access[entityKey]?.fields[fieldKey];
    },
    titleOf: (entityKey, record) => {
      const entity = entities.get(entityKey);
      const key = entity?.titleField ?? (entity?.fields.some((f) => f.key === 'name') ? 'name' : undefined);
      const value = key ? record[key] : undefined;
      return value === undefined || value === null || value === '' ? `#${String(record.id ?? '')}` : String(value);
    },
  };
}
