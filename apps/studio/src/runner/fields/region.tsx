/**
 * 省/市/区: GB/T 2260 codes from the province down (`['330000', '330100', '330106']`), shown
 * by name and picked in a cascader. The names come from a code table loaded on first use, so
 * pages without regions do not pay for it.
 */
import { useQuery } from '@tanstack/react-query';
import type { RegionField } from '@pipewright/metadata';
import { defineWidget } from './field-widget.ts';
import { Cascader } from './lazy-inputs.tsx';
import { loadRegions, type RegionTable } from './region-table.ts';

function useRegions() {
  return useQuery({ queryKey: ['regions'], queryFn: loadRegions, staleTime: Infinity, gcTime: Infinity });
}

const depthOf = { province: 1, city: 2, district: 3 } as const;

function regionText(table: RegionTable | undefined, codes: readonly unknown[]): string {
  return codes.map((code) => (typeof code === 'string' ? table?.names.get(code) ?? code : '')).filter(Boolean).join(' / ');
}

export const region = defineWidget<RegionField>({
  type: 'region',
  width: 200,
  Display: function RegionDisplay({ value }) {
    const { data } = useRegions();
    return <span>{Array.isArray(value) ? regionText(data, value) : ''}</span>;
  },
  Input: function RegionInput({ field, value, onChange, id, disabled, invalid, placeholder }) {
    const { data, isLoading } = useRegions();
    const depth = depthOf[field.depth ?? 'district'];
    return (
      <Cascader
        id={id}
        style={{ width: '100%' }}
        showSearch
        changeOnSelect
        options={data?.tree(depth) ?? []}
        loading={isLoading}
        value={Array.isArray(value) ? (value as string[]) : undefined}
        disabled={disabled}
        status={invalid ? 'error' : undefined}
        placeholder={placeholder}
        onChange={(next) => onChange(next && next.length ? next : null)}
      />
    );
  },
});
