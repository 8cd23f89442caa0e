/**
 * A small app for the server's tests: `account`, `lead` (no formulas: plain CRUD), `product`
 * and `deal` (one field of every type, line items, formulas, relations).
 */
import type { AppBundle, Field } from '@pipewright/metadata';

const l = (zh: string, en: string) => ({ 'zh-CN': zh, en });

const everyType: Field[] = [
  { key: 'name', label: l('名称', 'Name'), type: 'text', required: true, searchable: true, maxLength: 200 },
  { key: 'notes', label: l('备注', 'Notes */ with a comment end'), type: 'longText' },
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
  { key: 'sales_rep', label: l('销售', 'Sales rep'), type: 'user' },
  { key: 'team', label: l('部门', 'Department'), type: 'department' },
  { key: 'files', label: l('附件', 'Files'), type: 'attachment' },
  { key: 'photos', label: l('图片', 'Photos'), type: 'image' },
  { key: 'signed', label: l('签名', 'Signature'), type: 'signature' },
  { key: 'place', label: l('位置', 'Location'), type: 'location' },
  { key: 'email', label: l('邮箱', 'E-mail'), type: 'email' },
  { key: 'phone', label: l('电话', 'Phone'), type: 'phone' },
  { key: 'website', label: l('网站', 'Website'), type: 'url' },
  { key: 'rating', label: l('评级', 'Rating'), type: 'rating', max: 5 },
  { key: 'number', label: l('编号', 'Number'), type: 'autoNumber', pattern: 'D-{seq:4}' },
  { key: 'weighted', label: l('加权金额', 'Weighted amount'), type: 'formula', expression: 'budget * probability / 100', resultType: 'currency' },
];

/** Returns a fresh copy (tests may change it to publish new versions). */
export function testBundle(): AppBundle {
  return structuredClone(bundle);
}

const bundle: AppBundle = {
  formatVersion: 1,
  app: { key: 'sales_test', name: l('销售测试', 'Sales test'), version: '1.0.0' },
  entities: [
    {
      key: 'account',
      label: l('客户', 'Account'),
      version: 1,
      titleField: 'name',
      fields: [
        { key: 'name', label: l('名称', 'Name'), type: 'text', required: true, unique: true, normalize: 'companyName', searchable: true },
        { key: 'leads', label: l('线索', 'Leads'), type: 'relation', kind: 'oneToMany', target: 'lead', inverse: 'account' },
      ],
    },
    {
      key: 'lead',
      label: l('线索', 'Lead'),
      version: 1,
      titleField: 'name',
      fields: [
        { key: 'name', label: l('姓名', 'Name'), type: 'text', required: true, searchable: true, maxLength: 100 },
        { key: 'company', label: l('公司', 'Company'), type: 'text', searchable: true },
        { key: 'email', label: l('邮箱', 'E-mail'), type: 'email' },
        {
          key: 'status',
          label: l('状态', 'Status'),
          type: 'singleSelect',
          required: true,
          default: 'new',
          options: [
            { value: 'new', label: l('新建', 'New') },
            { value: 'contacted', label: l('已联系', 'Contacted') },
            { value: 'qualified', label: l('合格', 'Qualified') },
          ],
        },
        { key: 'amount', label: l('金额', 'Amount'), type: 'currency', min: 0 },
        { key: 'score', label: l('评分', 'Score'), type: 'number' },
        { key: 'account', label: l('客户', 'Account'), type: 'relation', kind: 'manyToOne', target: 'account', onDelete: 'restrict' },
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
      key: 'deal',
      label: l('商机', 'Deal'),
      version: 1,
      titleField: 'name',
      fields: [
        ...everyType,
        { key: 'account', label: l('客户', 'Account'), type: 'relation', kind: 'manyToOne', target: 'account' },
        { key: 'products', label: l('相关产品', 'Products'), type: 'relation', kind: 'manyToMany', target: 'product' },
        {
          key: 'lines',
          label: l('产品明细', 'Line items'),
          type: 'lineItems',
          fields: [
            { key: 'product', label: l('产品', 'Product'), type: 'relation', kind: 'manyToOne', target: 'product', required: true },
            { key: 'qty', label: l('数量', 'Quantity'), type: 'number', required: true, min: 0 },
            { key: 'price', label: l('单价', 'Price'), type: 'currency', required: true },
            { key: 'line_total', label: l('小计', 'Line total'), type: 'formula', expression: 'qty * price', resultType: 'currency' },
          ],
        },
        { key: 'total', label: l('合计', 'Total'), type: 'formula', expression: 'sum(lines.line_total)', resultType: 'currency' },
      ],
    },
  ],
  sampleData: {
    account: [{ id: 'a1', name: '星辰科技有限公司' }],
    lead: [{ id: 'l1', name: '王磊', company: '星辰科技', account: 'a1', amount: 1000 }],
  },
};
