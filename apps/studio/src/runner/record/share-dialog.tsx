/** Who a record is shared with, sharing it with a user or a department to read or edit, and stopping. */
import { Button, List, Modal, Radio, Select, Space, Typography } from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiProblem } from '../../api/problem.ts';
import { useRunner } from '../app/runner-context.tsx';
import { recordKeys } from '../data/query-keys.ts';
import { recordShares, shareRecord, unshareRecord } from '../data/records-api.ts';
import { DepartmentName, DepartmentPicker } from '../fields/department.tsx';
import { PersonName, PersonPicker } from '../fields/user.tsx';
import { useText } from '../messages.ts';
import { useFeedback } from '../../app/feedback.tsx';

export function ShareDialog({ entity, id, open, onClose }: { entity: string; id: number; open: boolean; onClose(): void }) {
  const { app } = useRunner();
  const t = useText();
  const { message } = useFeedback();
  const client = useQueryClient();
  const key = recordKeys.shares(app.key, entity, id);
  const shares = useQuery({ queryKey: key, queryFn: () => recordShares(app.key, entity, id).then((a) => a.items), enabled: open });
  const [kind, setKind] = useState<'user' | 'department'>('user');
  const [target, setTarget] = useState<unknown>(null);
  const [access, setAccess] = useState<'read' | 'edit'>('read');
  const fail = (error: unknown) => message.error(error instanceof ApiProblem ? (error.errors[0]?.message ?? error.message) : String(error));
  const add = useMutation({
    mutationFn: () => shareRecord(app.key, entity, id, { ...(kind === 'user' ? { userId: target as number } : { departmentId: target as number }), access }),
    onSuccess: () => { setTarget(null); void client.invalidateQueries({ queryKey: key }); },
    onError: fail,
  });
  const remove = useMutation({
    mutationFn: (share: { userId: number | null; departmentId: number | null }) => unshareRecord(app.key, entity, id, share.userId !== null ? { userId: share.userId } : { departmentId: share.departmentId! }),
    onSuccess: () => void client.invalidateQueries({ queryKey: key }),
    onError: fail,
  });
  return (
    <Modal open={open} title={t('share.title')} onCancel={onClose} footer={<Button onClick={onClose}>{t('common.close')}</Button>}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Radio.Group value={kind} onChange={(e) => { setKind(e.target.value as 'user' | 'department'); setTarget(null); }} options={[{ value: 'user', label: t('share.user') }, { value: 'department', label: t('share.department') }]} optionType="button" />
        <Space.Compact block>
          <div style={{ flex: 1 }}>{kind === 'user' ? <PersonPicker value={target} onChange={setTarget} placeholder={t('share.user')} /> : <DepartmentPicker value={target} onChange={setTarget} placeholder={t('share.department')} />}</div>
          <Select<'read' | 'edit'> aria-label={t('share.access')} value={access} onChange={setAccess} style={{ width: 110 }} options={[{ value: 'read', label: t('share.read') }, { value: 'edit', label: t('share.editAccess') }]} />
          <Button type="primary" disabled={typeof target !== 'number'} loading={add.isPending} onClick={() => add.mutate()}>{t('share.add')}</Button>
        </Space.Compact>
        <List
          size="small"
          loading={shares.isLoading}
          dataSource={shares.data ?? []}
          locale={{ emptyText: t('share.none') }}
          renderItem={(share) => (
            <List.Item actions={[<Button key="remove" type="text" danger icon={<DeleteOutlined />} aria-label={t('share.remove')} onClick={() => remove.mutate(share)} />]}>
              {share.userId !== null ? <PersonName id={share.userId} /> : <DepartmentName id={share.departmentId} />}
              <Typography.Text type="secondary"> · {share.access === 'edit' ? t('share.editAccess') : t('share.read')}</Typography.Text>
            </List.Item>
          )}
        />
      </Space>
    </Modal>
  );
}
