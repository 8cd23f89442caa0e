/** `{{add @index 1}}`: the sum of two numbers (row numbers from a zero-based index). */
import { numberOf, type PrintHelper } from './print-helper.ts';

export const addHelper: PrintHelper = {
  name: 'add',
  description: 'The sum of two numbers: {{add @index 1}} numbers table rows from 1',
  arity: [2, 2],
  run([a, b]) {
    const x = numberOf(a);
    const y = numberOf(b);
    return x === undefined || y === undefined ? '' : x + y;
  },
};
