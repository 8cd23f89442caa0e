/**
 * The records behind one number of a dashboard: the drill route's answer (the lists' permission
 * path, the report's row condition narrowed to the cell) as a list whose titles open the record
 * pages, with the exact count beside the number that was clicked. A side drawer on a desktop,
 * a bottom sheet on a phone.
 */
import { Alert, Button, Drawer, Empty, List, Spin, Typography } from 'antd';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { labelOf } from '../app/app-model.ts';
import { useRunner } from '../app/runner-context.tsx';
import { widgetOf } from '../fields/registry.ts';
import { viewColumns } from '../list/list-state.ts';
import { runnerPaths } from '../paths.ts';
import { drillReport } from './dashboard-api.ts';
import { useDashboardText } from './dashboard-messages.ts';
import type { DrillRequest } from './widget-card.tsx';

export function DrillDrawer({ request, phone, onClose }: { request: DrillRequest | undefined; phone: boolean; onClose(): void }) {
  return (
    <Drawer
      open={request !== undefined}
      onClose={onClose}
      placement={phone ? 'bottom' : 'right'}
      width={phone ? undefined : 560}
      height={phone ? '80vh' : undefined}
      title={request?.title}
      className="pw-dash-drill-drawer"
      destroyOnHidden
    >
      {request && <DrillList request={request} />}
    </Drawer>
  );
}

function DrillList({ request }: { request: DrillRequest }) {
  const { app, locale } = useRunner();
  const t = useDashboardText();
  const parameters = Object.fromEntries(Object.entries(request.parameters).filter(([, v]) => v !== null && v !== undefined));
  const pages = useInfiniteQuery({
    queryKey: ['dashboards', app.key, 'drill', request.report, parameters, request.cell, request.others],
    queryFn: ({ pageParam }) => drillReport(app.key, request.report, { parameters, cell: request.cell, ...(request.others ? { others: true } : {}), ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor,
  });
  if (pages.isPending) return <Spin className="pw-center" />;
  if (pages.isError) return <Alert type="warning" showIcon message={pages.error.message} />;
  const first = pages.data.pages[0]!;
  const entity = first.entity;
  const records = pages.data.pages.flatMap((p) => p.items);
  const view = app.defaultView(entity);
  const titleKey = app.entity(entity)?.titleField;
  const columns = (view ? viewColumns(app, view) : [])
    .filter((path) => path !== titleKey && !path.includes('.'))
    .flatMap((path) => {
      const field = app.field(entity, path);
      return field && field.type !== 'relation' ? [field] : [];
    })
    .slice(0, 3);
  const total = first.total ?? records.length;
  return (
    <div className="pw-dash-drill" data-entity={entity} data-total={total}>
      <Typography.Paragraph className="pw-dash-drill-count" strong>{t('dash.drillCount', { count: total })}</Typography.Paragraph>
      {records.length === 0 ? (
        <Empty description={t('dash.drillEmpty')} />
      ) : (
        <List
          size="small"
          dataSource={records}
          renderItem={(record) => (
            <List.Item className="pw-dash-drill-item" data-record={record.id}>
              <div className="pw-dash-drill-row">
                <Link to={runnerPaths.record(app.key, entity, record.id)} className="pw-dash-drill-title">{app.titleOf(entity, record)}</Link>
                <div className="pw-dash-drill-fields">
                  {columns.map((field) => {
                    const W = widgetOf(field);
                    return (
                      <span key={field.key} className="pw-dash-drill-field">
                        <span className="pw-card-label">{labelOf(field.label, locale)}</span> <W.Display field={field} value={record[field.key]} record={record} />
                      </span>
                    );
                  })}
                </div>
              </div>
            </List.Item>
          )}
        />
      )}
      {pages.hasNextPage && (
        <Button block onClick={() => void pages.fetchNextPage()} loading={pages.isFetchingNextPage}>
          {t('dash.drillMore')}
        </Button>
      )}
    </div>
  );
}
