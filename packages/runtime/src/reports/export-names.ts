/**
 * What an exported report cell reads as: a person's or a department's name instead of its id, and
 * an option's label instead of its stored value, so a spreadsheet opened outside Pipewright says
 * 赵敏 and 方案报价 where the run API answers 15 and `proposal`. Names are read once per id for
 * the whole export, in one query per batch.
 */
import { sql, type Kysely } from 'kysely';
import type { ReportColumn } from '@pipewright/engines';
import type { DynamicTables } from '../database/index.ts';
import type { ResultRow } from './reports.ts';

export type ExportLocale = 'zh-CN' | 'en';

function labelIn(label: unknown, locale: ExportLocale, fallback: string): string {
  if (typeof label === 'string') return label;
  const texts = label as Record<string, string> | undefined;
  return texts?.[locale] ?? texts?.['zh-CN'] ?? texts?.en ?? fallback;
}

/** A column's heading in the export's language. */
export function exportHeading(column: ReportColumn, locale: ExportLocale): string {
  return labelIn(column.label, locale, column.key);
}

/** Replaces ids and option values of each batch by what they read as, remembering names across batches. */
export function namedBatches(db: Kysely<DynamicTables>, columns: readonly ReportColumn[], batches: AsyncIterable<ResultRow[]>, locale: ExportLocale): AsyncIterable<ResultRow[]> {
  const people = columns.filter((c) => c.type === 'user' || c.type === 'department');
  const selects = columns.filter((c) => c.type === 'select' && c.options);
  const known = { user: new Map<number, string>(), department: new Map<number, string>() };
  const optionLabels = new Map(selects.map((c) => [c.key, new Map(c.options!.map((o) => [o.value, labelIn(o.label, locale, o.value)]))]));

  const learn = async (kind: 'user' | 'department', rows: readonly ResultRow[]) => {
    const wanted = new Set<number>();
    for (const column of people.filter((c) => c.type === kind)) {
      for (const row of rows) {
        const id = row[column.key];
        if (typeof id === 'number' && !known[kind].has(id)) wanted.add(id);
      }
    }
    if (wanted.size === 0) return;
    const table = kind === 'user' ? 'pipewright.users' : 'pipewright.departments';
    const { rows: found } = await sql<{ id: number; name: string }>`SELECT id, name FROM ${sql.table(table)} WHERE id IN (${sql.join([...wanted])})`.execute(db);
    for (const r of found) known[kind].set(Number(r.id), r.name);
  };

  return (async function* () {
    for await (const rows of batches) {
      if (people.length === 0 && selects.length === 0) {
        yield rows;
        continue;
      }
      await learn('user', rows);
      await learn('department', rows);
      yield rows.map((row) => {
        const named: ResultRow = { ...row };
        for (const column of people) {
          const id = row[column.key];
          if (typeof id === 'number') named[column.key] = known[column.type as 'user' | 'department'].get(id) ?? String(id);
        }
        for (const column of selects) {
          const value = row[column.key];
          if (typeof value === 'string') named[column.key] = optionLabels.get(column.key)!.get(value) ?? value;
        }
        return named;
      });
    }
  })();
}
