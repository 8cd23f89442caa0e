/**
 * Records on a month calendar by the view's `startField` (a date or date-time): the month in
 * sight is one list query (`between` its first and last day), each day shows its first records
 * and how many more there are. On a phone, a small calendar and the chosen day's records below.
 */
import { Calendar, List, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import type { Filter, View } from '@pipewright/metadata';
import { useRunner } from '../app/runner-context.tsx';
import type { RecordData } from '../data/records-api.ts';
import { useRecordList } from '../data/use-record-list.ts';
import { bothFilters } from '../list/filter-model.ts';
import { usePhone } from '../list/use-phone.ts';
import { useText } from '../messages.ts';
import { runnerPaths } from '../paths.ts';

const perDay = 3;

export function CalendarView({ view, filter, search }: { view: View; filter: Filter | undefined; search: string }) {
  const { app } = useRunner();
  const t = useText();
  const phone = usePhone();
  const [month, setMonth] = useState<Dayjs>(() => dayjs().startOf('month'));
  const [day, setDay] = useState<Dayjs>(() => dayjs());
  const start = view.startField!;
  const field = app.field(view.entity, start);
  const from = month.startOf('month').subtract(7, 'day');
  const to = month.endOf('month').add(7, 'day');
  const range: Filter = field?.type === 'datetime'
    ? { field: start, op: 'between', value: [from.toISOString(), to.toISOString()] }
    : { field: start, op: 'between', value: [from.format('YYYY-MM-DD'), to.format('YYYY-MM-DD')] };
  const list = useRecordList(app.key, view.entity, { filter: bothFilters(filter, range), sort: [{ field: start, direction: 'asc' }], search, pageSize: 500 });
  const byDay = new Map<string, RecordData[]>();
  for (const record of list.records) {
    const value = record[start];
    if (typeof value !== 'string') continue;
    const key = dayjs(value).format('YYYY-MM-DD');
    byDay.set(key, [...(byDay.get(key) ?? []), record]);
  }
  const entry = (record: RecordData) => (
    <Link key={record.id} to={runnerPaths.record(app.key, view.entity, record.id)} className="pw-calendar-entry">
      {app.titleOf(view.entity, record)}
    </Link>
  );
  return (
    <div className="pw-calendar" data-testid="calendar">
      <Calendar
        fullscreen={!phone}
        value={day}
        onPanelChange={(value) => setMonth(value.startOf('month'))}
        onSelect={(value) => { setDay(value); if (!value.isSame(month, 'month')) setMonth(value.startOf('month')); }}
        cellRender={(current, info) => {
          if (info.type !== 'date') return info.originNode;
          const records = byDay.get(current.format('YYYY-MM-DD')) ?? [];
          if (phone) return records.length ? <span className="pw-calendar-dot" aria-label={String(records.length)} /> : null;
          return (
            <div className="pw-calendar-day">
              {records.slice(0, perDay).map(entry)}
              {records.length > perDay && <Typography.Text type="secondary">{t('calendar.more', { count: records.length - perDay })}</Typography.Text>}
            </div>
          );
        }}
      />
      {phone && (
        <List
          header={<Typography.Text strong>{day.format('YYYY-MM-DD')}</Typography.Text>}
          dataSource={byDay.get(day.format('YYYY-MM-DD')) ?? []}
          locale={{ emptyText: t('list.noRecords') }}
          renderItem={(record) => <List.Item>{entry(record)}</List.Item>}
        />
      )}
    </div>
  );
}
