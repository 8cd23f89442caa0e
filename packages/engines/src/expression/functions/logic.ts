/**
 * Logic: IF, IFS, AND, OR, ISBLANK, COALESCE. (NOT is the prefix operator: `NOT x`, `NOT(x)`
 * and `!x` all mean the same.) These take their arguments lazily, so an untaken branch is never
 * evaluated: `IF(quantity = 0, 0, total / quantity)`.
 */
import { mergeTypes } from '../types.ts';
import { isBlank } from '../values.ts';
import type { FunctionDefinition } from './definition.ts';

export const logicFunctions: readonly FunctionDefinition[] = [
  {
    name: 'IF',
    family: 'logic',
    signature: 'IF(condition, then, else?)',
    summary:
      'then when the condition is TRUE, else otherwise (NULL when else is left out); a null condition counts as FALSE.',
    parameters: ['boolean', 'any', 'any'],
    minArgs: 2,
    maxArgs: 3,
    nulls: 'handle',
    returns: ([, then = 'null', otherwise = 'null']) => mergeTypes(then, otherwise),
    evaluate: (args) => (args.condition(0) ? args.value(1) : args.value(2)),
  },
  {
    name: 'IFS',
    family: 'logic',
    signature: 'IFS(condition1, value1, condition2, value2, …, default?)',
    summary:
      'The value after the first TRUE condition; with an odd number of arguments the last is the default, else NULL.',
    parameters: ['boolean', 'any'],
    parameterAt: (index, count) => (index % 2 === 1 || index === count - 1 ? 'any' : 'boolean'),
    minArgs: 2,
    maxArgs: Infinity,
    nulls: 'handle',
    returns: (types) =>
      types.filter((_, i) => i % 2 === 1 || i === types.length - 1).reduce(mergeTypes, 'null'),
    evaluate(args) {
      for (let i = 0; i + 1 < args.count; i += 2) {
        if (args.condition(i)) return args.value(i + 1);
      }
      return args.count % 2 === 1 ? args.value(args.count - 1) : null;
    },
  },
  {
    name: 'AND',
    family: 'logic',
    signature: 'AND(condition, …)',
    summary: 'TRUE when every condition is TRUE (null counts as FALSE); stops at the first FALSE.',
    parameters: ['boolean'],
    minArgs: 1,
    maxArgs: Infinity,
    nulls: 'handle',
    returns: 'boolean',
    evaluate(args) {
      for (let i = 0; i < args.count; i++) if (!args.condition(i)) return false;
      return true;
    },
  },
  {
    name: 'OR',
    family: 'logic',
    signature: 'OR(condition, …)',
    summary: 'TRUE when any condition is TRUE (null counts as FALSE); stops at the first TRUE.',
    parameters: ['boolean'],
    minArgs: 1,
    maxArgs: Infinity,
    nulls: 'handle',
    returns: 'boolean',
    evaluate(args) {
      for (let i = 0; i < args.count; i++) if (args.condition(i)) return true;
      return false;
    },
  },
  {
    name: 'ISBLANK',
    family: 'logic',
    signature: 'ISBLANK(value)',
    summary: "TRUE for NULL, empty text '' and no line items / no selected options.",
    parameters: ['values'],
    minArgs: 1,
    maxArgs: 1,
    nulls: 'handle',
    returns: 'boolean',
    evaluate: (args) => isBlank(args.value(0)),
  },
  {
    name: 'COALESCE',
    family: 'logic',
    signature: 'COALESCE(value, fallback, …)',
    summary: 'The first argument that is not blank (see ISBLANK); NULL when all are.',
    parameters: ['any'],
    minArgs: 1,
    maxArgs: Infinity,
    nulls: 'handle',
    returns: (types) => types.reduce(mergeTypes, 'null'),
    evaluate(args) {
      for (let i = 0; i < args.count; i++) {
        const value = args.value(i);
        if (!isBlank(value)) return value;
      }
      return null;
    },
  },
];
