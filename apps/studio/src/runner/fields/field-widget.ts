/**
 * One display and one input component per field type, react-admin style: each type's module
 * (`fields/<type>.tsx`) exports a `FieldWidget`, and `registry.ts` lists them all. Pages never
 * switch on a field's type; they ask the registry.
 */
import type { ComponentType } from 'react';
import type { Field } from '@pipewright/metadata';

export interface DisplayProps<F extends Field = Field> {
  field: F;
  value: unknown;
  /** The whole record, for widgets that show more than their own value (an expanded relation). */
  record?: Readonly<Record<string, unknown>> | undefined;
  /** Sub-fields to show, in order (a form item's `lineItemColumns`). */
  columns?: readonly string[] | undefined;
}

export interface InputProps<F extends Field = Field> {
  field: F;
  value: unknown;
  onChange(value: unknown): void;
  /** The id of the control, so the form's label points at it. */
  id?: string | undefined;
  disabled?: boolean | undefined;
  invalid?: boolean | undefined;
  placeholder?: string | undefined;
  /** The record being edited. */
  record?: Readonly<Record<string, unknown>> | undefined;
  /** Sub-fields to show, in order (a form item's `lineItemColumns`). */
  columns?: readonly string[] | undefined;
}

export interface FieldWidget<F extends Field = Field> {
  readonly type: F['type'];
  readonly Display: ComponentType<DisplayProps<F>>;
  readonly Input: ComponentType<InputProps<F>>;
  /** Numbers right-align in tables (a function when it depends on the field). */
  readonly align?: 'right' | ((field: F) => 'right' | undefined);
  /** A table column's width when the view names none. */
  readonly width?: number;
  /** Whether the value is computed by the server (formulas, auto-numbers): never typed in. */
  readonly computed?: boolean;
  /** Whether a value is worth a whole form row (line items, long text). */
  readonly wide?: boolean;
  /** Whether the value is "empty" for required checks shown in the browser. */
  isEmpty?(value: unknown): boolean;
}

export function defineWidget<F extends Field>(widget: FieldWidget<F>): FieldWidget<F> {
  return widget;
}

export function isEmptyValue(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

export function alignOf<F extends Field>(widget: FieldWidget<F>, field: F): 'right' | undefined {
  return typeof widget.align === 'function' ? widget.align(field) : widget.align;
}
