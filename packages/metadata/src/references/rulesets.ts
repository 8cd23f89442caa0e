/**
 * Reference checks of rulesets: entity, the fields conditions read (of the record, the record
 * before the change, the acting user), the fields a ruleset reacts to, and what actions name:
 * fields, roles, select options of territories, related records, workflows. Operators per field
 * type and cycles between rules are checked by the rules engine (`checkRuleset` in engines).
 */
import { pointer, type MetadataError } from '../errors.ts';
import type { AppBundle, Entity, RuleAction, RuleCondition, Ruleset, TerritoryTarget } from '../generated/types.ts';
import { describePathProblem, isNumericField, type Catalog } from './catalog.ts';
import { duplicateKeys } from './entities.ts';
import { checkNotification, checkParticipant, roleKeys, type ParticipantContext } from './participants.ts';
import { checkFilter } from './filter.ts';
import { isColumn, isDateColumn, resolveColumn } from './paths.ts';

export function checkRulesets(bundle: AppBundle, catalog: Catalog): MetadataError[] {
  const rulesets = bundle.rules ?? [];
  const errors = duplicateKeys(rulesets, pointer('rules'), 'ruleset');
  const roles = roleKeys(bundle);
  const workflows = new Set((bundle.workflows ?? []).map((w) => w.key));
  rulesets.forEach((ruleset, r) => {
    const at = pointer('rules', r);
    errors.push(...duplicateKeys(ruleset.rules, `${at}/rules`, 'rule'));
    const entity = catalog.entity(ruleset.entity);
    if (!entity) {
      errors.push({ path: `${at}/entity`, code: 'reference.unknownEntity', message: `entity "${ruleset.entity}" does not exist` });
      return;
    }
    errors.push(...checkRulesetFields(ruleset, at, entity, catalog));
    const ctx: ParticipantContext = { catalog, entity, roles, allowEmail: false };
    ruleset.rules.forEach((rule, i) => {
      const here = `${at}${pointer('rules', i)}`;
      errors.push(...checkCondition(rule.conditions, `${here}/conditions`, ctx));
      rule.actions.forEach((action, a) => errors.push(...checkAction(action, `${here}${pointer('actions', a)}`, ctx, workflows)));
    });
  });
  return errors;
}

/** Facts that read a field: of the record (the default), of the record before the change, of the acting user. */
const fieldFacts = new Set(['record', 'previous', 'user']);
/** Fields of the acting user a condition may read. */
export const userFactFields: readonly string[] = ['id', 'department', 'roles', 'teams'];

function checkCondition(condition: RuleCondition, at: string, ctx: ParticipantContext): MetadataError[] {
  if ('and' in condition) return condition.and.flatMap((c, i) => checkCondition(c, `${at}${pointer('and', i)}`, ctx));
  if ('or' in condition) return condition.or.flatMap((c, i) => checkCondition(c, `${at}${pointer('or', i)}`, ctx));
  if ('not' in condition) return checkCondition(condition.not, `${at}/not`, ctx);
  const fact = condition.fact ?? 'record';
  if (!fieldFacts.has(fact)) {
    return condition.field === undefined ? [] : [{ path: `${at}/field`, code: 'reference.factWithoutFields', message: `the "${fact}" fact is a value of its own and has no field "${condition.field}"` }];
  }
  if (condition.field === undefined) {
    return [{ path: `${at}/field`, code: 'schema.required', message: `the "${fact}" fact needs a field, such as "amount"` }];
  }
  if (fact === 'user') {
    return userFactFields.includes(condition.field) ? [] : [{ path: `${at}/field`, code: 'reference.unknownField', message: `the acting user has no field "${condition.field}"; use one of ${userFactFields.join(', ')}` }];
  }
  return checkFilter(ctx.catalog, ctx.entity.key, { field: condition.field, op: condition.op }, at);
}

function checkRulesetFields(ruleset: Ruleset, at: string, entity: Entity, catalog: Catalog): MetadataError[] {
  const errors: MetadataError[] = [];
  ruleset.changedFields?.forEach((key, i) => {
    if (!entity.fields.some((f) => f.key === key) && key !== 'owner_id') errors.push(unknownField(entity, key, `${at}${pointer('changedFields', i)}`));
  });
  if (ruleset.lastActivityField !== undefined) {
    const column = resolveColumn(catalog, entity.key, ruleset.lastActivityField);
    if (!isColumn(column)) errors.push({ path: `${at}/lastActivityField`, code: 'reference.unknownField', message: describePathProblem(column) });
    else if (!isDateColumn(column)) errors.push({ path: `${at}/lastActivityField`, code: 'reference.wrongFieldType', message: 'the last activity is read from a date or date-time field' });
  }
  return errors;
}

function checkAction(action: RuleAction, at: string, ctx: ParticipantContext, workflows: ReadonlySet<string>): MetadataError[] {
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
    case 'updateRelated': {
      const relation = entity.fields.find((f) => f.key === action.relation);
      if (!relation) return [unknownField(entity, action.relation, `${at}/relation`)];
      if (relation.type !== 'relation' || relation.kind !== 'manyToOne') {
        return [{ path: `${at}/relation`, code: 'reference.notARelation', message: `"${relation.key}" is not a many-to-one relation: the related record to update is the one it points at` }];
      }
      const target = catalog.entity(relation.target);
      if (!target) return [];
      return action.changes.flatMap((change, c) =>
        target.fields.some((f) => f.key === change.field) ? [] : [unknownField(target, change.field, `${at}${pointer('changes', c, 'field')}`)],
      );
    }
    case 'startWorkflow': {
      return workflows.has(action.workflow) ? [] : [{ path: `${at}/workflow`, code: 'reference.unknownWorkflow', message: `workflow "${action.workflow}" does not exist` }];
    }
    case 'callWebhook':
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
