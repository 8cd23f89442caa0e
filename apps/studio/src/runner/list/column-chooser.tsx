/** Which columns a list shows, in the view's order first: a checklist in a popover. */
import { Button, Checkbox, Space } from 'antd';
import { SettingOutlined } from '@ant-design/icons';
import type { Field } from '@pipewright/metadata';
import { labelOf } from '../app/app-model.ts';
import { useRunner } from '../app/runner-context.tsx';
import { useText } from '../messages.ts';
import { ClickPopover } from './click-popover.tsx';

export function ColumnChooser({ available, chosen, onChange }: { available: { path: string; field: Field }[]; chosen: string[]; onChange(paths: string[]): void }) {
  const { locale } = useRunner();
  const t = useText();
  const content = (
    <div className="pw-column-chooser">
      <Space direction="vertical" size={4}>
        {available.map(({ path, field }) => (
          <Checkbox
            key={path}
            checked={chosen.includes(path)}
            onChange={(e) => onChange(e.target.checked ? available.map((a) => a.path).filter((p) => p === path || chosen.includes(p)) : chosen.filter((p) => p !== path))}
          >
            {labelOf(field.label, locale)}
          </Checkbox>
        ))}
      </Space>
    </div>
  );
  return (
    <ClickPopover placement="bottomRight" content={content} title={t('list.columns')}>
      <Button icon={<SettingOutlined />}>{t('list.columns')}</Button>
    </ClickPopover>
  );
}
