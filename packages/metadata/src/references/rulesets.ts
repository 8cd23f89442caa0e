/**
 * Reference checks of rulesets: entity, the record fields named by fact paths, and what actions
 * name: fields, roles, select options of territories.
 */
import { pointer, type MetadataError } from '../errors.ts';
import type { AppBundle, Entity, NestedCondition, RuleAction, TerritoryTarget } from '../generated/types.ts';
import { describePathProblem, isNumericField, type Catalog } from './catalog.ts';
import { duplicateKeys } from './entities.ts';
import { checkNotification, checkParticipant, roleKeys, type ParticipantContext } from './participants.ts';
import { isColumn, resolveColumn } from './paths.ts';

export function checkRulesets(bundle: AppBundle, catalog: Catalog): MetadataError[] {
  const rulesets = bundle.rules ?? [];
  const errors = duplicateKeys(rulesets, pointer('rules'), 'ruleset');
  const roles = roleKeys(bundle);
  rulesets.forEach((ruleset, r) => {
    const at = pointer('rules', r);
    errors.push(...duplicateKeys(ruleset.rules, `${at}/rules`, 'rule'));
    const entity = catalog.entity(ruleset.entity);
    if (!entity) {
      errors.push({ path: `${at}/entity`, code: 'reference.unknownEntity', message: `entity "${ruleset.entity}" does not exist` });
      return;
    }
    const ctx: ParticipantContext = { catalog, entity, roles, allowEmail: false };
    ruleset.rules.forEach((rule, i) => {
      const here = `${at}${pointer('rules', i)}`;
      errors.push(...checkCondition(rule.conditions, `${here}/conditions`, ctx));
      rule.actions.forEach((action, a) => errors.push(...checkAction(action, `${here}${pointer('actions', a)}`, ctx)));
    });
  });
  return errors;
}

function checkCondition(condition: NestedCondition, at: string, ctx: ParticipantContext): MetadataError[] {
  if ('all' in condition) return condition.all.flatMap((c, i) => checkCondition(c, `${at}${pointer('all', i)}`, ctx));
  if ('any' in condition) return condition.any.flatMap((c, i) => checkCondition(c, `${at}${pointer('any', i)}`, ctx));
  if ('not' in condition) return checkCondition(condition.not, `${at}/not`, ctx);
  if (condition.fact !== 'record' && condition.fact !== 'previous') return [];
  if (condition.path === undefined) {
    return [{ path: `${at}/path`, code: 'schema.required', message: `the "${condition.fact}" fact needs a path to a field, such as $.amount` }];
  }
  const column = resolveColumn(ctx.catalog, ctx.entity.key, condition.path.replace(/^\$\./, ''));
  return isColumn(column) ? [] : [{ path: `${at}/path`, code: 'reference.unknownField', message: describePathProblem(column) }];
}

function checkAction(action: RuleAction, at: string, ctx: ParticipantContext): MetadataError[] {
  const { entity, catalog } = ctx;
  switch (action.type) {
    case 'assign': {
      const errors: MetadataError[] = [];
      if (action.field !== undefined) {
        const field = entity.fields.find((f) => f.key === action.field);
        if (!field) errors.push(unknownField(entity, action.field, `${at}/field`));
        else if (field.type !== 'user') errors.push({ path: `${at}/field`, code: 'reference.wrongFieldType', message: `a record is assigned through a user field, not a ${field.type} field` });
      }
      const to = action.to;
      if (to.strategy !== 'territory') return [...errors, ...checkTeam(to, `${at}/to`, ctx)];
      const column = resolveColumn(catalog, entity.key, to.field);
      if (!isColumn(column)) {
        errors.push({ path: `${at}/to/field`, code: 'reference.unknownField', message: describePathProblem(column) });
      }
      const field = isColumn(column) && column.source === 'field' ? column.field : undefined;
      to.territories.forEach((territory, t) => {
        const here = `${at}${pointer('to', 'territories', t)}`;
        if (field?.type === 'singleSelect' || field?.type === 'multiSelect') {
          territory.values.forEach((value, v) => {
            if (!field.options.some((o) => o.value === value)) {
              errors.push({ path: `${here}${pointer('values', v)}`, code: 'reference.unknownOption', message: `"${value}" is not an option of field "${field.key}"` });
            }
          });
        }
        errors.push(...checkTeam(territory.to, `${here}/to`, ctx));
      });
      if (to.otherwise) errors.push(...checkTeam(to.otherwise, `${at}/to/otherwise`, ctx));
      return errors;
    }
    case 'setField':
      return action.field === 'owner_id' || entity.fields.some((f) => f.key === action.field) ? [] : [unknownField(entity, action.field, `${at}/field`)];
    case 'addScore': {
      const field = entity.fields.find((f) => f.key === action.field);
      if (!field) return [unknownField(entity, action.field, `${at}/field`)];
      return isNumericField(field) ? [] : [{ path: `${at}/field`, code: 'reference.notNumeric', message: `score points are added to a numeric field, not a ${field.type} field` }];
    }
    case 'notify':
      return checkNotification(action.notification, `${at}/notification`, ctx);
    case 'createTask':
      return action.assignee ? checkParticipant(action.assignee, `${at}/assignee`, ctx) : [];
    case 'reject':
      return [];
  }
}

function checkTeam(target: TerritoryTarget, at: string, ctx: ParticipantContext): MetadataError[] {
  if (target.strategy === 'user' || ctx.roles.has(target.role)) return [];
  return [{ path: `${at}/role`, code: 'reference.unknownRole', message: `role "${target.role}" does not exist` }];
}

function unknownField(entity: Entity, key: string, at: string): MetadataError {
  return { path: at, code: 'reference.unknownField', message: `entity "${entity.key}" has no field "${key}"` };
}
