/**
 * @tangram/formula: the Excel-like formula language shared by the browser and the server.
 * parse -> AST -> check -> evaluate, the function catalogue, dependencies and editor support.
 */
export { parse } from './parser';
export type { ParseResult } from './parser';
export { print } from './printer';
export { evaluate } from './evaluator';
export { storedFormulaValue, type StoredResultType } from './stored-value';
export { functions } from './functions/catalogue';
export type { FunctionDecl, ParamDecl, ParamType, FunctionCategory, I18nText } from './functions/types';
export { LIMITS } from './limits';
export type {
  AstNode,
  BinaryOp,
  UnaryOp,
  Diagnostic,
  ErrorCode,
  EvaluateResult,
  FormulaContext,
  FormulaErrorValue,
  FormulaResolvers,
  FormulaScalarType,
  FormulaType,
  FormulaUser,
  FormulaValueType,
  MapxRequest,
  ResultValue,
} from './types';
export { check, argumentProblem } from './checker';
export type { CheckResult, FieldTypes } from './checker';
export { dependencies, columnDependencies, recomputeOrder } from './dependencies';
export type { FormulaFieldSpec, CycleError } from './dependencies';
export { completions, diagnosticMessage, diagnostics, signature } from './editor';
export { formulaToIds, formulaToLabels, labelDiagnostics, LabelIndex, type LabelledField } from './labels';
export {
  formatMessage,
  typeName,
  messageKeys,
  problemKeys,
  type MessageKey,
  type MessageLang,
  type MessageParams,
} from './messages';
export type { CompletionItem, EditorField } from './editor';
