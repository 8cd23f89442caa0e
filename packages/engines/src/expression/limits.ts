/**
 * The safety limits of the expression language. They bound the work any expression can cause,
 * so formulas can run on every write and in the browser without a time-out.
 */

/** Longest expression text, in UTF-16 code units (the `expression` schema's `maxLength`). */
export const MAX_EXPRESSION_LENGTH = 4000;

/** Deepest syntax tree: levels of nested operators, parentheses and function calls. */
export const MAX_EXPRESSION_DEPTH = 64;

/** Most evaluation steps (one per node visited and per line-item value read) in one evaluation. */
export const MAX_EVALUATION_STEPS = 1_000_000;

/**
 * Longest text an operation may produce (`&`, CONCAT, TEXT …), in UTF-16 code units: as much as
 * a long-text field holds. A formula that doubles a text per step fails here, not in memory.
 */
export const MAX_TEXT_LENGTH = 100_000;
