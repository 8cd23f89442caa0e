/**
 * A test app with a field of every field type, for the tests that throw hostile input at the API:
 * `quote` holds all 27 types (line items with a relation, a many-to-many, unique fields, a
 * pattern that backtracking engines take exponential time on, a field keyed `constructor`);
 * `account`, `part` and `tag` are what its relations point at. The role `rep` reads everything
 * and writes its own quotes, so hostile input also meets the permission checks.
 */
import type { AppBundle, Field } from '@pipewright/metadata';

const l = (zh: string, en: string) => ({ 'zh-CN': zh, en });

/** The fields of `quote`, one or more of every type. */
export const quoteFields: Field[] = [
  { key: 'name', label: l('名称', 'Name'), type: 'text', required: true, searchable: true, maxLength: 200 },
  { key: 'constructor', label: l('构造', 'Constructor'), type: 'text', searchable: true },
  { key: 'letters', label: l('字母', 'Letters'), type: 'text', pattern: '^(a+)+$' },
  { key: 'notes', label: l('备注', 'Notes'), type: 'longText' },
  { key: 'body', label: l('正文', 'Body'), type: 'richText' },
  { key: 'count', label: l('件数', 'Count'), type: 'number', scale: 0 },
  { key: 'quantity', label: l('数量', 'Quantity'), type: 'number', scale: 2, min: -1e40, max: 1e40 },
  { key: 'score', label: l('得分', 'Score'), type: 'number' },
  { key: 'amount', label: l('金额', 'Amount'), type: 'currency', currency: 'CNY' },
  { key: 'fine_amount', label: l('精确金额', 'Fine amount'), type: 'currency', currency: 'CNY', scale: 10 },
  { key: 'ratio', label: l('比例', 'Ratio'), type: 'percent' },
  { key: 'wide_ratio', label: l('宽比例', 'Wide ratio'), type: 'percent', min: -1e9, max: 1e9 },
  { key: 'due', label: l('到期', 'Due'), type: 'date' },
  { key: 'met_at', label: l('会面时间', 'Met at'), type: 'datetime' },
  { key: 'vip', label: l('重要', 'VIP'), type: 'boolean' },
  {
    key: 'stage',
    label: l('阶段', 'Stage'),
    type: 'singleSelect',
    options: [
      { value: 'draft', label: l('草稿', 'Draft') },
      { value: 'sent', label: l('已发送', 'Sent') },
    ],
  },
  {
    key: 'channels',
    label: l('渠道', 'Channels'),
    type: 'multiSelect',
    options: [
      { value: 'web', label: l('官网', 'Web') },
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
  { key: 'rep', label: l('销售', 'Sales rep'), type: 'user' },
  { key: 'helpers', label: l('协作者', 'Helpers'), type: 'user', multiple: true },
  { key: 'team', label: l('部门', 'Department'), type: 'department' },
  { key: 'customer', label: l('客户', 'Customer'), type: 'relation', kind: 'manyToOne', target: 'account' },
  { key: 'tags', label: l('标签', 'Tags'), type: 'relation', kind: 'manyToMany', target: 'tag' },
  {
    key: 'parts',
    label: l('零件明细', 'Parts'),
    type: 'lineItems',
    fields: [
      { key: 'part', label: l('零件', 'Part'), type: 'relation', kind: 'manyToOne', target: 'part', required: true },
      { key: 'qty', label: l('数量', 'Quantity'), type: 'number', required: true, min: 0, scale: 0 },
      { key: 'price', label: l('单价', 'Price'), type: 'currency' },
      { key: 'line_total', label: l('小计', 'Line total'), type: 'formula', expression: 'qty * price', resultType: 'currency' },
    ],
  },
  { key: 'files', label: l('附件', 'Files'), type: 'attachment' },
  { key: 'photos', label: l('图片', 'Photos'), type: 'image' },
  { key: 'signed', label: l('签名', 'Signature'), type: 'signature' },
  { key: 'place', label: l('位置', 'Location'), type: 'location' },
  { key: 'email', label: l('邮箱', 'E-mail'), type: 'email', unique: true },
  { key: 'mobile', label: l('手机', 'Mobile'), type: 'phone', unique: true },
  { key: 'website', label: l('网站', 'Website'), type: 'url' },
  { key: 'stars', label: l('星级', 'Stars'), type: 'rating', max: 5 },
  { key: 'number', label: l('编号', 'Number'), type: 'autoNumber', pattern: 'Q-{seq:4}' },
  { key: 'weighted', label: l('加权金额', 'Weighted amount'), type: 'formula', expression: 'amount * ratio', resultType: 'currency' },
];

/** Returns a fresh copy of the app. */
export function everyFieldBundle(): AppBundle {
  return structuredClone(bundle);
}

const bundle: AppBundle = {
  formatVersion: 1,
  app: { key: 'probe', name: l('探测', 'Probe'), version: '1.0.0' },
  entities: [
    {
      key: 'account',
      label: l('客户', 'Account'),
      version: 1,
      titleField: 'name',
      fields: [
        { key: 'name', label: l('名称', 'Name'), type: 'text', required: true, unique: true, normalize: 'companyName', searchable: true },
        { key: 'quotes', label: l('报价', 'Quotes'), type: 'relation', kind: 'oneToMany', target: 'quote', inverse: 'customer' },
      ],
    },
    {
      key: 'part',
      label: l('零件', 'Part'),
      version: 1,
      titleField: 'name',
      fields: [
        { key: 'name', label: l('名称', 'Name'), type: 'text', required: true },
        { key: 'code', label: l('编码', 'Code'), type: 'text', unique: true },
      ],
    },
    {
      key: 'tag',
      label: l('标签', 'Tag'),
      version: 1,
      titleField: 'name',
      fields: [{ key: 'name', label: l('名称', 'Name'), type: 'text', required: true }],
    },
    { key: 'quote', label: l('报价', 'Quote'), version: 1, titleField: 'name', fields: quoteFields },
  ],
  roles: [
    {
      key: 'rep',
      label: l('销售', 'Sales rep'),
      version: 1,
      permissions: [
        ...['account', 'part', 'tag'].map((entity) => ({ entity, actions: { read: 'all' as const } })),
        { entity: 'quote', actions: { read: 'all', create: 'own', update: 'own', delete: 'own' } },
      ],
    },
  ],
};
