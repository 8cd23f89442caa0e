/**
 * A small sales app used by the runtime's tests: accounts, contacts, products, opportunities
 * with line items, tags (many-to-many) and one field of every type.
 */
import type { AppBundle, Field } from '@pipewright/metadata';

const l = (zh: string, en: string) => ({ 'zh-CN': zh, en });

export const everyTypeFields: Field[] = [
  { key: 'name', label: l('名称', 'Name'), type: 'text', required: true, searchable: true, maxLength: 200 },
  { key: 'company', label: l('公司', 'Company'), type: 'text', unique: true, normalize: 'companyName', searchable: true },
  { key: 'notes', label: l('备注', 'Notes'), type: 'longText' },
  { key: 'body', label: l('正文', 'Body'), type: 'richText' },
  { key: 'quantity', label: l('数量', 'Quantity'), type: 'number', scale: 2 },
  { key: 'budget', label: l('预算', 'Budget'), type: 'currency', currency: 'CNY' },
  { key: 'probability', label: l('赢率', 'Probability'), type: 'percent', min: 0, max: 100 },
  { key: 'close_date', label: l('预计成交', 'Close date'), type: 'date' },
  { key: 'met_at', label: l('会面时间', 'Met at'), type: 'datetime' },
  { key: 'vip', label: l('重要', 'VIP'), type: 'boolean' },
  {
    key: 'stage',
    label: l('阶段', 'Stage'),
    type: 'singleSelect',
    default: 'initial',
    options: [
      { value: 'initial', label: l('初步接洽', 'Initial contact') },
      { value: 'analysis', label: l('需求分析', 'Needs analysis') },
      { value: 'proposal', label: l('方案报价', 'Proposal') },
      { value: 'negotiation', label: l('商务谈判', 'Negotiation') },
      { value: 'won', label: l('赢单', 'Won') },
      { value: 'lost', label: l('输单', 'Lost') },
    ],
  },
  {
    key: 'channels',
    label: l('渠道', 'Channels'),
    type: 'multiSelect',
    options: [
      { value: 'web', label: l('官网', 'Web') },
      { value: 'phone', label: l('电话', 'Phone') },
      { value: 'fair', label: l('展会', 'Trade fair') },
    ],
  },
  {
    key: 'industry',
    label: l('行业', 'Industry'),
    type: 'cascade',
    options: [{ value: 'mfg', label: l('制造', 'Manufacturing'), children: [{ value: 'auto', label: l('汽车', 'Automotive') }] }],
  },
  { key: 'region', label: l('地区', 'Region'), type: 'region' },
  { key: 'sales_rep', label: l('销售', 'Sales rep'), type: 'user', default: 'currentUser' },
  { key: 'team', label: l('部门', 'Department'), type: 'department' },
  { key: 'files', label: l('附件', 'Files'), type: 'attachment' },
  { key: 'photos', label: l('图片', 'Photos'), type: 'image' },
  { key: 'signed', label: l('签名', 'Signature'), type: 'signature' },
  { key: 'place', label: l('位置', 'Location'), type: 'location' },
  { key: 'email', label: l('邮箱', 'E-mail'), type: 'email' },
  { key: 'phone', label: l('电话', 'Phone'), type: 'phone' },
  { key: 'website', label: l('网站', 'Website'), type: 'url' },
  { key: 'rating', label: l('评级', 'Rating'), type: 'rating', max: 5 },
  { key: 'number', label: l('编号', 'Number'), type: 'autoNumber', pattern: 'OPP-{YYYY}{MM}-{seq:4}', reset: 'monthly' },
  { key: 'weighted', label: l('加权金额', 'Weighted amount'), type: 'formula', expression: 'budget * probability / 100', resultType: 'currency' },
];

export const salesBundle: AppBundle = {
  formatVersion: 1,
  app: { key: 'sales', name: l('销售', 'Sales'), version: '1.0.0' },
  entities: [
    {
      key: 'account',
      label: l('客户', 'Account'),
      version: 1,
      titleField: 'name',
      fields: [
        { key: 'name', label: l('名称', 'Name'), type: 'text', required: true, searchable: true },
        {
          key: 'industry',
          label: l('行业', 'Industry'),
          type: 'singleSelect',
          options: [
            { value: 'retail', label: l('零售', 'Retail') },
            { value: 'tech', label: l('科技', 'Tech') },
          ],
        },
        { key: 'parent', label: l('上级客户', 'Parent'), type: 'relation', kind: 'manyToOne', target: 'account', onDelete: 'setNull' },
        { key: 'deals', label: l('商机', 'Deals'), type: 'relation', kind: 'oneToMany', target: 'deal', inverse: 'account' },
      ],
    },
    {
      key: 'product',
      label: l('产品', 'Product'),
      version: 1,
      titleField: 'name',
      fields: [
        { key: 'name', label: l('名称', 'Name'), type: 'text', required: true },
        { key: 'price', label: l('单价', 'Price'), type: 'currency' },
      ],
    },
    {
      key: 'tag',
      label: l('标签', 'Tag'),
      version: 1,
      titleField: 'name',
      fields: [{ key: 'name', label: l('名称', 'Name'), type: 'text', required: true, unique: true }],
    },
    {
      key: 'deal',
      label: l('商机', 'Deal'),
      version: 1,
      titleField: 'name',
      fields: [
        ...everyTypeFields,
        { key: 'account', label: l('客户', 'Account'), type: 'relation', kind: 'manyToOne', target: 'account' },
        { key: 'tags', label: l('标签', 'Tags'), type: 'relation', kind: 'manyToMany', target: 'tag' },
        {
          key: 'lines',
          label: l('产品明细', 'Line items'),
          type: 'lineItems',
          fields: [
            { key: 'product', label: l('产品', 'Product'), type: 'relation', kind: 'manyToOne', target: 'product' },
            { key: 'qty', label: l('数量', 'Quantity'), type: 'number', required: true, min: 0 },
            { key: 'price', label: l('单价', 'Price'), type: 'currency', required: true },
            { key: 'line_total', label: l('小计', 'Line total'), type: 'formula', expression: 'qty * price', resultType: 'currency' },
          ],
        },
        { key: 'total', label: l('合计', 'Total'), type: 'formula', expression: 'SUM(lines.line_total)', resultType: 'currency' },
      ],
    },
  ],
  views: [
    {
      key: 'my_open_deals',
      label: l('我的进行中商机', 'My open deals'),
      version: 1,
      entity: 'deal',
      type: 'table',
      filter: { and: [{ field: 'stage', op: 'eq', value: 'negotiation' }, { field: 'owner_id', op: 'eq', value: { var: 'currentUser' } }] },
      sort: [{ field: 'budget', direction: 'desc' }],
    },
  ],
};
