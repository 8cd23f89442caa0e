/**
 * How widgets that hold other fields (line items) find the widget of a sub-field without
 * importing the registry, which imports them: the registry installs itself here when it loads.
 */
import type { Field } from '@pipewright/metadata';
import type { FieldWidget } from './field-widget.ts';

let lookup: ((field: Field) => FieldWidget) | undefined;

export function installWidgetLookup(find: (field: Field) => FieldWidget): void {
  lookup = find;
}

export function widgetForSubField(field: Field): FieldWidget {
  if (!lookup) throw new Error('the field registry has not loaded');
  return lookup(field);
}
