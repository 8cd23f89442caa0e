/**
 * The one registry of expression functions. A family is a list in its own module; this file
 * joins them. To add a function, add an entry to its family's list.
 */
import { aggregateFunctions } from './aggregate.ts';
import { dateFunctions } from './dates.ts';
import type { FunctionDefinition } from './definition.ts';
import { logicFunctions } from './logic.ts';
import { mathFunctions } from './math.ts';
import { textFunctions } from './text.ts';
import { workTimeFunctions } from './work-time.ts';

const families: readonly (readonly FunctionDefinition[])[] = [
  logicFunctions,
  mathFunctions,
  aggregateFunctions,
  textFunctions,
  dateFunctions,
  workTimeFunctions,
];

const registry: ReadonlyMap<string, FunctionDefinition> = (() => {
  const byName = new Map<string, FunctionDefinition>();
  for (const definition of families.flat()) {
    if (definition.name !== definition.name.toUpperCase() || byName.has(definition.name)) {
      throw new Error(
        `Expression function ${definition.name} is registered twice or not in upper case`,
      );
    }
    byName.set(definition.name, definition);
  }
  return byName;
})();

/**
 * The function called `name`, in any letter case.
 *
 * @example
 * findFunction('round')?.signature // 'ROUND(number, digits?)'
 */
export function findFunction(name: string): FunctionDefinition | undefined {
  return registry.get(name.toUpperCase());
}

/** Every function, in family order — for the studio's function picker and the docs. */
export function listFunctions(): FunctionDefinition[] {
  return [...registry.values()];
}

export function functionNames(): IterableIterator<string> {
  return registry.keys();
}
