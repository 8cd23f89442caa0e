/**
 * A small quote app for the workflow tests (runtime and HTTP): quotes with a discount, a rep who owns them, the
 * rep's manager and the manager's manager (the director), and workflows for each approval mode.
 *
 * - `quote_approval` (manual): marks the quote pending, then by discount: ≤ 15 % approved at once;
 *   > 15 % the rep's manager (a return restarts the path); > 30 % the manager then the director
 *   (sequential; a return resumes at the node). Approved / rejected are written to the quote.
 * - `countersign`: all of three approvers. `vote`: 60 % of three. `timed`: one approver, escalated
 *   to the director after an hour.
 */
import type { AppBundle } from '@pipewright/metadata';

const l = (zh: string, en: string) => ({ 'zh-CN': zh, en });
let y = 0;
const at = () => ({ x: 0, y: (y += 100) });

type Node = Record<string, unknown> & { id: string; type: string };
const node = (id: string, type: string, rest: Record<string, unknown> = {}): Node => ({ id, type, position: at(), ...rest });
const set = (id: string, status: string): Node => node(id, 'updateRecord', { config: { assignments: [{ field: 'approval_status', value: `'${status}'` }] } });
const edges = (list: [string, string, string?][]) => list.map(([source, target, sourceHandle], i) => ({ id: `e${i}`, source, target, ...(sourceHandle ? { sourceHandle } : {}) }));
const manager = (level: number) => ({ type: 'manager', of: 'initiator', level });
const user = (login: string) => ({ type: 'user', user: login });

function simple(key: string, label: string, approval: Record<string, unknown>) {
  return {
    key,
    label: l(label, label),
    version: 1,
    entity: 'quote',
    trigger: { on: 'manual' },
    nodes: [node('start', 'trigger'), node('ask', 'approval', { label: l('审批', 'Approval'), config: approval }), set('ok', 'approved'), set('no', 'rejected'), node('yes_end', 'end', { config: { outcome: 'approved' } }), node('no_end', 'end', { config: { outcome: 'rejected' } })],
    edges: edges([['start', 'ask'], ['ask', 'ok', 'approved'], ['ask', 'no', 'rejected'], ['ok', 'yes_end'], ['no', 'no_end']]),
  };
}

export const workflowQuotesBundle = {
  formatVersion: 1,
  app: { key: 'wf_quotes', name: l('报价', 'Quotes'), version: '1.0.0' },
  entities: [
    {
      key: 'quote',
      label: l('报价', 'Quote'),
      version: 1,
      titleField: 'title',
      fields: [
        { key: 'title', label: l('标题', 'Title'), type: 'text' },
        { key: 'discount', label: l('折扣', 'Discount %'), type: 'number', scale: 2 },
        { key: 'papers', label: l('附件', 'Papers'), type: 'attachment' },
        { key: 'approval_status', label: l('审批状态', 'Approval'), type: 'singleSelect', options: ['draft', 'pending', 'approved', 'rejected'].map((value) => ({ value, label: l(value, value) })) },
      ],
    },
  ],
  roles: [
    { key: 'sales_rep', label: l('销售', 'Rep'), version: 1, permissions: [{ entity: 'quote', actions: { create: 'all', read: 'own', update: 'own' } }] },
    // Managers may upload files (create), which is what an approval comment's attachment needs.
    { key: 'sales_lead', label: l('主管', 'Lead'), version: 1, permissions: [{ entity: 'quote', actions: { read: 'all', update: 'all' } }] },
    { key: 'sales_manager', label: l('经理', 'Manager'), version: 1, permissions: [{ entity: 'quote', actions: { create: 'own', read: 'all' } }] },
  ],
  workflows: [
    {
      key: 'quote_approval',
      label: l('报价审批', 'Quote approval'),
      version: 1,
      entity: 'quote',
      trigger: { on: 'manual' },
      nodes: [
        node('start', 'trigger', { label: l('提交审批', 'Submit for approval') }),
        set('pending', 'pending'),
        node('route', 'condition', {
          config: {
            branches: [
              { handle: 'large', label: l('大于 30%', 'Over 30 %'), when: { field: 'discount', op: 'gt', value: 30 } },
              { handle: 'medium', label: l('大于 15%', 'Over 15 %'), when: { field: 'discount', op: 'gt', value: 15 } },
            ],
            defaultHandle: 'small',
          },
        }),
        node('manager', 'approval', { label: l('经理审批', 'Manager approval'), config: { mode: 'single', assignees: [manager(1)], afterReturn: 'restart' } }),
        node('director', 'approval', { label: l('经理与总监审批', 'Manager, then director'), config: { mode: 'sequential', assignees: [manager(1), manager(2)], afterReturn: 'resume' } }),
        set('approved', 'approved'),
        set('rejected', 'rejected'),
        node('approved_end', 'end', { config: { outcome: 'approved' } }),
        node('rejected_end', 'end', { config: { outcome: 'rejected' } }),
      ],
      edges: edges([
        ['start', 'pending'],
        ['pending', 'route'],
        ['route', 'approved', 'small'],
        ['route', 'manager', 'medium'],
        ['route', 'director', 'large'],
        ['manager', 'approved', 'approved'],
        ['manager', 'rejected', 'rejected'],
        ['director', 'approved', 'approved'],
        ['director', 'rejected', 'rejected'],
        ['approved', 'approved_end'],
        ['rejected', 'rejected_end'],
      ]),
    },
    simple('countersign', '会签', { mode: 'allOf', assignees: [user('signer.a'), user('signer.b'), user('signer.c')] }),
    simple('vote', '投票', { mode: 'voteRatio', passRatio: 0.6, assignees: [user('signer.a'), user('signer.b'), user('signer.c')] }),
    {
      // CC (抄送): the deputy is told by a notify node, finance is copied by the approval itself.
      key: 'copied',
      label: l('抄送审批', 'Approval with CC'),
      version: 1,
      entity: 'quote',
      trigger: { on: 'manual' },
      nodes: [
        node('start', 'trigger'),
        node('tell', 'notify', { label: l('通知副手', 'Tell the deputy'), config: { recipients: [user('deputy')], body: '报价 {{title}} 已提交' } }),
        node('ask', 'approval', { label: l('审批', 'Approval'), config: { mode: 'single', assignees: [manager(1)], cc: [user('finance')] } }),
        set('ok', 'approved'),
        set('no', 'rejected'),
        node('yes_end', 'end', { config: { outcome: 'approved' } }),
        node('no_end', 'end', { config: { outcome: 'rejected' } }),
      ],
      edges: edges([['start', 'tell'], ['tell', 'ask'], ['ask', 'ok', 'approved'], ['ask', 'no', 'rejected'], ['ok', 'yes_end'], ['no', 'no_end']]),
    },
    // The lead may correct the discount while approving; the rest of the record stays locked.
    simple('editable', '可改折扣', { mode: 'single', assignees: [user('lead')], editableFields: ['discount'] }),
    // Only the discount is locked: the rep may still rename the quote.
    simple('partial', '锁定折扣', { mode: 'single', assignees: [user('lead')], lockFields: ['discount'] }),
    simple('timed', '限时审批', { mode: 'single', assignees: [manager(1)], timeout: { after: 'PT1H', action: 'escalate', escalateTo: manager(2) } }),
  ],
} as unknown as AppBundle;
