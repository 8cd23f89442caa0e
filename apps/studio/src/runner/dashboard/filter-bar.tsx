/**
 * The dashboard's global filters, one control per declared filter: the period (each report's
 * default, this month, quarter or year, or custom dates), a team (department, with the teams
 * below it) and a rep. A change goes to every widget whose report has a parameter of that key.
 */
import { DatePicker, Segmented, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { DashboardFilter } from '@pipewright/metadata';
import { useRunner } from '../app/runner-context.tsx';
import { useDepartments } from '../data/people.ts';
import { PersonPicker } from '../fields/user.tsx';
import type { DashboardFilters } from './dashboard-api.ts';
import { useDashboardText } from './dashboard-messages.ts';
import { labelText } from './widget-model.ts';

type PeriodChoice = 'default' | 'thisMonth' | 'thisQuarter' | 'thisYear' | 'custom';

/** Which choice of the period control a filter value is. */
export function periodChoice(value: unknown): PeriodChoice {
  if (Array.isArray(value)) return 'custom';
  const named = (value as { period?: string } | null | undefined)?.period;
  return named === 'thisMonth' || named === 'thisQuarter' || named === 'thisYear' ? named : 'default';
}

function PeriodFilter({ id, value, onChange }: { id: string; value: unknown; onChange(value: unknown): void }) {
  const t = useDashboardText();
  const choice = periodChoice(value);
  const range = Array.isArray(value) ? ([dayjs(String(value[0])), dayjs(String(value[1]))] as [Dayjs, Dayjs]) : null;
  return (
    <Space wrap size={8}>
      <Segmented<PeriodChoice>
        id={id}
        aria-labelledby={`${id}-label`}
        value={choice}
        options={(['default', 'thisMonth', 'thisQuarter', 'thisYear', 'custom'] as const).map((c) => ({ value: c, label: t(`dash.period.${c}`) }))}
        onChange={(next) => {
          if (next === 'default') onChange(undefined);
          else if (next === 'custom') onChange([dayjs().startOf('month').format('YYYY-MM-DD'), dayjs().endOf('month').format('YYYY-MM-DD')]);
          else onChange({ period: next });
        }}
      />
      {choice === 'custom' && (
        <DatePicker.RangePicker
          className="pw-dash-range"
          allowClear={false}
          value={range}
          placeholder={[t('dash.period.from'), t('dash.period.to')]}
          onChange={(dates) => dates?.[0] && dates[1] && onChange([dates[0].format('YYYY-MM-DD'), dates[1].format('YYYY-MM-DD')])}
        />
      )}
    </Space>
  );
}

function DepartmentFilter({ id, value, onChange, placeholder }: { id: string; value: unknown; onChange(value: unknown): void; placeholder: string }) {
  const departments = useDepartments();
  return (
    <Select<number>
      id={id}
      allowClear
      showSearch
      optionFilterProp="label"
      className="pw-dash-select"
      placeholder={placeholder}
      loading={departments.isLoading}
      value={typeof value === 'number' ? value : undefined}
      options={(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))}
      onChange={(next) => onChange(next ?? undefined)}
    />
  );
}

export function FilterBar({ filters, values, onChange }: { filters: readonly DashboardFilter[]; values: DashboardFilters; onChange(key: string, value: unknown): void }) {
  const { locale } = useRunner();
  const t = useDashboardText();
  return (
    <div className="pw-dash-filters">
      {filters.map((filter) => {
        const id = `pw-dash-filter-${filter.key}`;
        const label = labelText(filter.label, locale, filter.key);
        const set = (value: unknown) => onChange(filter.key, value);
        let control: React.ReactNode = null;
        if (filter.type === 'period') control = <PeriodFilter id={id} value={values[filter.key]} onChange={set} />;
        else if (filter.type === 'department') control = <DepartmentFilter id={id} value={values[filter.key]} onChange={set} placeholder={t('dash.allTeams')} />;
        else if (filter.type === 'user') control = <div className="pw-dash-select"><PersonPicker id={id} value={values[filter.key] ?? null} onChange={(v) => set(v ?? undefined)} placeholder={t('dash.allReps')} /></div>;
        if (!control) return null;
        return (
          <div key={filter.key} className="pw-dash-filter" data-filter={filter.key}>
            {filter.type === 'period' ? <span id={`${id}-label`} className="pw-dash-filter-label">{label}</span> : <label htmlFor={id} className="pw-dash-filter-label">{label}</label>}
            {control}
          </div>
        );
      })}
    </div>
  );
}
