/**
 * A small lead app for the rules tests: leads with a source, tags, a region, a score and an
 * account; accounts with an industry; orders lines that use up a product's stock.
 */
import { validateBundle, type AppBundle, type Rule, type Ruleset } from '@pipewright/metadata';

const l = (en: string) => ({ 'zh-CN': en, en });
const options = (...values: string[]) => values.map((value) => ({ value, label: l(value) }));

export function rulesBundle(rulesets: Ruleset[], extra: Partial<AppBundle['app']> = {}, validate = true): AppBundle {
  const bundle: AppBundle = {
    formatVersion: 1,
    app: { key: 'rules_test', name: l('Rules'), version: '1.0.0', ...extra },
    entities: [
      {
        key: 'account',
        label: l('Account'),
        version: 1,
        titleField: 'name',
        fields: [
          { key: 'name', label: l('Name'), type: 'text', required: true },
          { key: 'industry', label: l('Industry'), type: 'singleSelect', options: options('finance', 'retail', 'it') },
        ],
      },
      {
        key: 'lead',
        label: l('Lead'),
        version: 1,
        titleField: 'company',
        fields: [
          { key: 'company', label: l('Company'), type: 'text' },
          { key: 'email', label: l('E-mail'), type: 'email' },
          { key: 'source', label: l('Source'), type: 'singleSelect', options: options('website', 'referral', 'fair') },
          { key: 'status', label: l('Status'), type: 'singleSelect', options: options('new', 'contacted', 'qualified') },
          { key: 'industry', label: l('Industry'), type: 'singleSelect', options: options('finance', 'retail', 'it') },
          { key: 'tags', label: l('Tags'), type: 'multiSelect', options: options('vip', 'budget_confirmed') },
          { key: 'region', label: l('Region'), type: 'region', depth: 'city' },
          { key: 'score', label: l('Score'), type: 'number', scale: 0 },
          { key: 'last_contacted_at', label: l('Last contacted'), type: 'datetime' },
          { key: 'account', label: l('Account'), type: 'relation', target: 'account', kind: 'manyToOne' },
          { key: 'reviewer', label: l('Reviewer'), type: 'user' },
        ],
      },
      {
        key: 'product',
        label: l('Product'),
        version: 1,
        titleField: 'name',
        fields: [
          { key: 'name', label: l('Name'), type: 'text' },
          { key: 'stock', label: l('Stock'), type: 'number', scale: 0 },
        ],
      },
      {
        key: 'order_line',
        label: l('Order line'),
        version: 1,
        titleField: 'note',
        fields: [
          { key: 'note', label: l('Note'), type: 'text' },
          { key: 'product', label: l('Product'), type: 'relation', target: 'product', kind: 'manyToOne' },
          { key: 'quantity', label: l('Quantity'), type: 'number', scale: 0 },
        ],
      },
    ],
    roles: [
      { key: 'sales_rep', label: l('Sales rep'), version: 1, permissions: [] },
    ],
    rules: rulesets,
  };
  const checked = validate ? validateBundle(bundle) : { ok: true as const };
  if (!checked.ok) throw new Error(`the test bundle is invalid: ${JSON.stringify(checked.errors)}`);
  return bundle;
}

/** A ruleset of `lead` on create and update, with defaults for what a test does not care about. */
export function leadRuleset(rules: Rule[], rest: Partial<Ruleset> = {}): Ruleset {
  return { key: 'lead_rules', label: l('Lead rules'), version: 1, entity: 'lead', triggers: ['create', 'update'], rules, ...rest };
}

/** A rule whose only action adds `points` to the score. */
export function scoreRule(key: string, priority: number, conditions: Rule['conditions'], points = 1): Rule {
  return { key, priority, conditions, actions: [{ type: 'addScore', field: 'score', points }] };
}
