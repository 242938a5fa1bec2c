import type { FieldOf } from '@tangram/fields';
import type { FieldType } from '@tangram/schema';
import type { ComponentType } from 'react';

/** What every widget receives. `value` is the API-shaped value; `onChange` sets it in the store. */
export interface WidgetProps<T extends FieldType = FieldType> {
  field: FieldOf<T>;
  value: unknown;
  onChange(value: unknown): void;
  /** The DOM id the label points at. */
  id: string;
  disabled: boolean;
  invalid: boolean;
}

export type Widget<T extends FieldType = FieldType> = ComponentType<WidgetProps<T>>;

/** One widget per field type; a missing or extra type is a compile error. */
export type WidgetRegistry = { [T in FieldType]: Widget<T> };
