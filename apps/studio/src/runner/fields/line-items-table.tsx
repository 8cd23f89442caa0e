/**
 * Line items: a sub-table of rows, each row the line-item field's own fields edited with their
 * widgets. The record page hands in the lines with their formulas already computed (live, by the
 * engines' `computeFormulas`), so a subtotal changes as the quantity is typed; the footer sums
 * every numeric formula column. Errors come from the page's error map, by JSON pointer
 * (`/products/2/quantity`).
 */
import { Button, Table } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { Field, LineItemsField } from '@pipewright/metadata';
import { labelOf } from '../app/app-model.ts';
import { useRunner } from '../app/runner-context.tsx';
import { useFieldErrors } from '../record/field-errors.tsx';
import { useText } from '../messages.ts';
import { alignOf, type DisplayProps, type InputProps } from './field-widget.ts';
import { widgetForSubField } from './widget-lookup.ts';

type Line = Record<string, unknown>;

const linesOf = (value: unknown): Line[] => (Array.isArray(value) ? (value.filter((v) => typeof v === 'object' && v !== null) as Line[]) : []);

function columnsOf(field: LineItemsField, keys: readonly string[] | undefined): Field[] {
  if (!keys) return field.fields;
  return keys.map((k) => field.fields.find((f) => f.key === k)).filter((f): f is Field => f !== undefined);
}

function isNumericFormula(field: Field): boolean {
  return field.type === 'formula' && ['number', 'currency', 'percent'].includes(field.resultType);
}

function Totals({ columns, lines, offset }: { columns: Field[]; lines: Line[]; offset: number }) {
  const t = useText();
  if (!columns.some(isNumericFormula)) return null;
  return (
    <Table.Summary.Row>
      {offset > 0 && <Table.Summary.Cell index={0}>{t('record.lineTotal')}</Table.Summary.Cell>}
      {columns.map((column, i) => {
        const Display = widgetForSubField(column).Display;
        const sum = lines.reduce((acc, line) => acc + (typeof line[column.key] === 'number' ? (line[column.key] as number) : 0), 0);
        const scale = 'scale' in column && column.scale !== undefined ? column.scale : 6;
        const rounded = Math.round(sum * 10 ** scale) / 10 ** scale;
        return (
          <Table.Summary.Cell key={column.key} index={i + offset} align={isNumericFormula(column) ? 'right' : undefined}>
            {i === 0 && offset === 0 ? t('record.lineTotal') : isNumericFormula(column) ? <strong data-total={column.key}><Display field={column} value={rounded} /></strong> : null}
          </Table.Summary.Cell>
        );
      })}
      <Table.Summary.Cell index={columns.length + offset} />
    </Table.Summary.Row>
  );
}

function LineItemsInput({ field, value, onChange, disabled, columns: columnKeys }: InputProps<LineItemsField>) {
  const { locale } = useRunner();
  const t = useText();
  const errors = useFieldErrors();
  const lines = linesOf(value);
  const columns = columnsOf(field, columnKeys);
  const change = (row: number, key: string, next: unknown) => onChange(lines.map((line, i) => (i === row ? { ...line, [key]: next } : line)));
  const add = () => {
    const blank: Line = {};
    for (const f of field.fields) if ('default' in f && f.default !== undefined) blank[f.key] = f.default;
    onChange([...lines, blank]);
  };
  const rows = lines.map((line, index) => ({ ...line, __row: index }));
  return (
    <div className="pw-line-items" data-field={field.key}>
      <Table<Line & { __row: number }>
        size="small"
        rowKey="__row"
        pagination={false}
        dataSource={rows}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('record.noLines') }}
        columns={[
          ...columns.map((column) => ({
            key: column.key,
            title: <span className={column.required ? 'pw-required' : undefined}>{labelOf(column.label, locale)}</span>,
            align: alignOf(widgetForSubField(column), column),
            width: Math.max(widgetForSubField(column).width ?? 140, 120),
            render: (_: unknown, line: Line & { __row: number }) => {
              const widget = widgetForSubField(column);
              const pointer = `/${field.key}/${line.__row}/${column.key}`;
              const message = errors.get(pointer);
              const cell = widget.computed || disabled
                ? <widget.Display field={column} value={line[column.key]} record={line} />
                : <widget.Input field={column} value={line[column.key]} record={line} invalid={message !== undefined} id={`${field.key}-${line.__row}-${column.key}`} onChange={(next) => change(line.__row, column.key, next)} />;
              return (
                <div data-pointer={pointer}>
                  {!(widget.computed || disabled) && <label htmlFor={`${field.key}-${line.__row}-${column.key}`} className="pw-sr-only">{`${labelOf(column.label, locale)} ${line.__row + 1}`}</label>}
                  {cell}
                  {message && <span className="pw-cell-error">{message}</span>}
                </div>
              );
            },
          })),
          ...(disabled
            ? []
            : [{
                key: '__remove',
                width: 48,
                render: (_: unknown, line: Line & { __row: number }) => (
                  <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('record.removeLine')} onClick={() => onChange(lines.filter((_l, i) => i !== line.__row))} />
                ),
              }]),
        ]}
        summary={() => (lines.length ? <Totals columns={columns} lines={lines} offset={0} /> : null)}
      />
      {!disabled && (
        <Button className="pw-add-line" icon={<PlusOutlined />} onClick={add} disabled={field.maxItems !== undefined && lines.length >= field.maxItems}>
          {t('record.addLine')}
        </Button>
      )}
    </div>
  );
}

function LineItemsDisplay({ field, value, columns }: DisplayProps<LineItemsField>) {
  return <LineItemsInput field={field} value={value} columns={columns} disabled onChange={() => undefined} />;
}

export { LineItemsDisplay, LineItemsInput };
