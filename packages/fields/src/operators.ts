import type { Operator } from '@tangram/schema';

/** Operator sets shared by families of field types. */
export const TEXT_OPERATORS: readonly Operator[] = [
  'eq',
  'ne',
  'in',
  'notIn',
  'contains',
  'notContains',
  'startsWith',
  'isEmpty',
  'isNotEmpty',
];
export const NUMBER_OPERATORS: readonly Operator[] = [
  'eq',
  'ne',
  'gt',
  'gte',
  'lt',
  'lte',
  'between',
  'in',
  'notIn',
  'isEmpty',
  'isNotEmpty',
];
export const DATE_OPERATORS: readonly Operator[] = [
  'eq',
  'ne',
  'gt',
  'gte',
  'lt',
  'lte',
  'between',
  'isEmpty',
  'isNotEmpty',
];
export const CHOICE_OPERATORS: readonly Operator[] = ['eq', 'ne', 'in', 'notIn', 'isEmpty', 'isNotEmpty'];
/** For multi-valued fields: `in` = has any of, `notIn` = has none of, `contains` = has all of, `eq` = exactly. */
export const MULTI_OPERATORS: readonly Operator[] = [
  'eq',
  'in',
  'notIn',
  'contains',
  'notContains',
  'isEmpty',
  'isNotEmpty',
];
export const BOOLEAN_OPERATORS: readonly Operator[] = ['eq', 'ne', 'isEmpty', 'isNotEmpty'];
export const EMPTINESS_OPERATORS: readonly Operator[] = ['isEmpty', 'isNotEmpty'];
export const NO_OPERATORS: readonly Operator[] = [];
