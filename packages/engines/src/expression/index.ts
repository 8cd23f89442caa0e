/**
 * Pipewright's expression language: one safe language for formula fields, form conditions,
 * workflow conditions and template snippets. See README.md for the syntax and the functions.
 */
export { parseExpression } from './parser.ts';
export { printExpression } from './printer.ts';
export { evaluate, evaluateCondition } from './evaluator.ts';
export type { EvaluationContext } from './evaluator.ts';
export { referencedFields } from './references.ts';
export { checkExpression, inferType } from './check.ts';
export { checkBundleExpressions } from './bundle-check.ts';
export type { CheckOptions, ExpressionCheck } from './check.ts';
export { computeFormulas } from './formulas.ts';
export type { FormulaContext } from './formulas.ts';
export { planFormulas } from './formula-plan.ts';
export { isLiveFormula, liveFormulaKeys } from './formula-kinds.ts';
export { checkLiveFormulas } from './live-formula-check.ts';
export { translateExpression } from './sql/translate.ts';
export type { SqlAggregate, SqlTranslationContext } from './sql/translate.ts';
export type { SqlOperand } from './sql/functions.ts';
export { joinSql, opaqueSql, sqlText, sqlValue } from './sql/sql-text.ts';
export type { SqlOpaque, SqlParameter, SqlPart, SqlText } from './sql/sql-text.ts';
export type { FormulaOwner, FormulaPlan, FormulaStep } from './formula-plan.ts';
export { ExpressionError } from './errors.ts';
export type { ExpressionErrorCode, ExpressionProblem } from './errors.ts';
// Aliased: at the package root, "function" alone would be ambiguous.
export {
  findFunction as findExpressionFunction,
  listFunctions as listExpressionFunctions,
} from './functions/registry.ts';
export type {
  FunctionArguments,
  FunctionDefinition,
  FunctionFamily,
} from './functions/definition.ts';
export { typeOfField as expressionTypeOfField } from './types.ts';
export type { ExpressionType, ParameterType, ScalarType } from './types.ts';
export type { ExpressionScope, RelatedRecordLookup, RelatedRecords } from './paths.ts';
export type { ExpressionValue } from './values.ts';
export type {
  BinaryOperation,
  BinaryOperator,
  BooleanLiteral,
  Expression,
  FieldReference,
  FunctionCall,
  LogicalOperation,
  NullLiteral,
  NumberLiteral,
  TextLiteral,
  UnaryOperation,
  UnaryOperator,
} from './ast.ts';
export { MAX_EVALUATION_STEPS, MAX_EXPRESSION_DEPTH, MAX_EXPRESSION_LENGTH, MAX_TEXT_LENGTH } from './limits.ts';
