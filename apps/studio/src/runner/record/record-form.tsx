/**
 * A record laid out by its form: sections as cards (collapsible where the form says), items
 * flowing into the section's columns with their spans, one column on a phone. Each item is the
 * field's widget from the registry: its input where the reader may edit it now, else its display.
 * Hidden fields (by role or `visibleWhen`) are not rendered at all.
 */
import { Card, Col, Collapse, Form, Row } from 'antd';
import type { Entity, Field, Form as FormLayout, FormItem, FormSection } from '@pipewright/metadata';
import { labelOf } from '../app/app-model.ts';
import { useRunner } from '../app/runner-context.tsx';
import { isEmptyValue } from '../fields/field-widget.ts';
import { widgetOf } from '../fields/registry.ts';
import { usePhone } from '../list/use-phone.ts';
import { useFieldErrors } from './field-errors.tsx';
import type { LiveRecord } from './live-record.ts';

export interface RecordFormProps {
  entity: Entity;
  form: FormLayout;
  live: LiveRecord;
  /** Whether the reader may write this record at all (create, or update in scope). */
  writable: boolean;
  creating: boolean;
  onChange(key: string, value: unknown): void;
}

/** The layout when an entity has no form: every readable field in one two-column section. */
export function fallbackForm(entity: Entity, readable: (f: Field) => boolean): FormLayout {
  return {
    key: `${entity.key}__all`,
    label: entity.label,
    version: 1,
    entity: entity.key,
    sections: [{ key: 'all', columns: 2, items: entity.fields.filter((f) => readable(f) && !(f.type === 'relation' && f.kind === 'oneToMany')).map((f) => ({ field: f.key })) as [FormItem, ...FormItem[]] }],
  };
}

function ItemField({ entity, item, field, live, writable, creating, onChange }: { entity: Entity; item: FormItem; field: Field } & Omit<RecordFormProps, 'form' | 'entity'> & { entity: Entity }) {
  const { app, locale } = useRunner();
  const errors = useFieldErrors();
  const widget = widgetOf(field);
  const access = app.fieldAccess(entity.key, field.key);
  const systemReadOnly = field.key !== 'owner_id' && (field.key === 'created_at' || field.key === 'updated_at' || field.key === 'created_by');
  const editable = writable && access === 'editable' && !widget.computed && !field.readOnly && !systemReadOnly && !live.readOnly.has(field.key) && !(field.key === 'owner_id' && creating);
  const message = [...errors].find(([path]) => path === `/${field.key}`)?.[1] ?? (field.type !== 'lineItems' ? [...errors].find(([path]) => path.startsWith(`/${field.key}/`))?.[1] : undefined);
  const id = `field-${field.key}`;
  const value = live.record[field.key];
  const required = editable && live.required.has(field.key);
  return (
    <Form.Item
      label={labelOf(item.label ?? field.label, locale)}
      htmlFor={widget.wide && field.type === 'lineItems' ? undefined : id}
      required={required}
      validateStatus={message ? 'error' : undefined}
      help={message ?? (item.helpText ? labelOf(item.helpText, locale) : field.helpText ? labelOf(field.helpText, locale) : undefined)}
      data-field={field.key}
      className={editable ? 'pw-item' : 'pw-item pw-item-readonly'}
    >
      {editable ? (
        <widget.Input id={id} field={field} value={value} record={live.record} invalid={message !== undefined} columns={item.lineItemColumns} placeholder={item.placeholder ? labelOf(item.placeholder, locale) : undefined} onChange={(next) => onChange(field.key, next)} />
      ) : (
        <div id={id} className="pw-readonly-value">
          {widget.computed && field.type !== 'formula' && creating ? (
            <widget.Input field={field} value={value} onChange={() => undefined} />
          ) : (widget.isEmpty ? widget.isEmpty(value) : isEmptyValue(value)) ? (
            // An empty value reads as a dash, not as a gap under its label.
            <span className="pw-secondary-text pw-empty-value">—</span>
          ) : (
            <widget.Display field={field} value={value} record={live.record} columns={item.lineItemColumns} />
          )}
        </div>
      )}
    </Form.Item>
  );
}

function SectionBody({ section, ...props }: { section: FormSection } & RecordFormProps) {
  const { app } = useRunner();
  const phone = usePhone();
  const columns = phone ? 1 : section.columns ?? 2;
  return (
    <Row gutter={24}>
      {section.items.map((item) => {
        const field = app.field(props.entity.key, item.field);
        if (!field || props.live.hidden.has(item.field)) return null;
        const wide = widgetOf(field).wide && columns > 1 && (item.span ?? 1) === 1 && field.type === 'lineItems';
        const span = Math.min(columns, wide ? columns : item.span ?? 1);
        return (
          <Col key={item.field} className="pw-form-col" span={(24 / columns) * span}>
            <ItemField {...props} item={item} field={field} />
          </Col>
        );
      })}
    </Row>
  );
}

export function RecordForm(props: RecordFormProps) {
  const { locale } = useRunner();
  return (
    <Form layout="vertical" className="pw-record-form" onSubmitCapture={(e) => e.preventDefault()}>
      {props.form.sections.map((section) => {
        if (props.live.hiddenSections.has(section.key)) return null;
        const title = section.label ? labelOf(section.label, locale) : undefined;
        if (section.collapsible) {
          return (
            <Collapse
              key={section.key}
              className="pw-section"
              defaultActiveKey={section.collapsed ? [] : [section.key]}
              items={[{ key: section.key, label: title, children: <SectionBody section={section} {...props} /> }]}
            />
          );
        }
        return (
          <Card key={section.key} title={title} size="small" className="pw-section" data-section={section.key}>
            <SectionBody section={section} {...props} />
          </Card>
        );
      })}
    </Form>
  );
}
