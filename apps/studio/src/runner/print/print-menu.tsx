/**
 * The record page's Print menu: the entity's templates the reader may print, each opening the
 * record's PDF in a new tab (a plain link, so it can also be saved or opened elsewhere). Shown
 * only when there is something to print. On a phone the record's buttons wrap onto a second row
 * below this one, Save among them: the menu opens upwards there, so it never covers Save.
 */
import { Button, Dropdown } from 'antd';
import { DownOutlined, PrinterOutlined } from '@ant-design/icons';
import { labelOf } from '../app/app-model.ts';
import { useRunner } from '../app/runner-context.tsx';
import { usePhone } from '../list/use-phone.ts';
import { usePrintText } from './print-messages.ts';
import { printPaths, printTemplatesOf } from './print-templates.ts';

export function PrintMenu({ entity, id }: { entity: string; id: number }) {
  const { app, locale } = useRunner();
  const t = usePrintText();
  const phone = usePhone();
  const templates = printTemplatesOf(app, entity);
  if (templates.length === 0) return null;
  return (
    <Dropdown
      trigger={['click']}
      placement={phone ? 'topLeft' : 'bottomLeft'}
      menu={{
        items: templates.map((template) => ({
          key: template.key,
          label: (
            <a href={printPaths.record(app.key, entity, id, template.key)} target="_blank" rel="noopener" data-template={template.key} aria-label={t('print.open', { template: labelOf(template.label, locale) })}>
              {labelOf(template.label, locale)}
            </a>
          ),
        })),
      }}
    >
      <Button icon={<PrinterOutlined />} data-testid="print-menu">
        {t('print.menu')} <DownOutlined />
      </Button>
    </Dropdown>
  );
}
