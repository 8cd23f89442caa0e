/**
 * The antd inputs that lists do not draw (date pickers, cascaders, the department tree, number
 * inputs, switches, rating stars), each loaded the first time a form or an in-place edit draws one, so the first list's
 * script stays small (decision 053). Until the script arrives a box of the input's height holds
 * its place.
 *
 * @example
 * import { DatePicker } from './lazy-inputs.tsx';
 * <DatePicker value={day} onChange={…} />
 */
import { lazy, Suspense, type ComponentType } from 'react';
import type { CascaderProps, DatePickerProps, InputNumberProps, RateProps, SwitchProps, TreeSelectProps } from 'antd';

type Module = { default: unknown };

/** A component whose script is loaded when first drawn; `pending` holds its place meanwhile. */
export function later<P extends object>(load: () => Promise<Module>, pending = <span className="pw-input-pending" aria-busy="true" />): ComponentType<P> {
  const Loaded = lazy(async () => ({ default: (await load()).default as ComponentType<P> }));
  function LazyInput(props: P) {
    return (
      <Suspense fallback={pending}>
        <Loaded {...props} />
      </Suspense>
    );
  }
  return LazyInput;
}

export const DatePicker: ComponentType<DatePickerProps> = later(() => import('antd/es/date-picker'));
export const Cascader: ComponentType<CascaderProps> = later(() => import('antd/es/cascader'));
export const TreeSelect: ComponentType<TreeSelectProps<number | number[]>> = later(() => import('antd/es/tree-select'));
export const InputNumber: ComponentType<InputNumberProps<number>> = later(() => import('antd/es/input-number'));
export const Switch: ComponentType<SwitchProps> = later(() => import('antd/es/switch'));
/** Stars, for showing a rating as well as for setting one (no list column shows ratings by default). */
export const Rate: ComponentType<RateProps> = later(() => import('antd/es/rate'), <span aria-busy="true" />);
