/**
 * Publishing refuses a bundle that cannot run, at plan and at publish, with the JSON path of what
 * is wrong: before, each of these published and then answered 500 on every write (or at publish).
 */
import type { AppBundle, Entity, Field, Rule, RuleAction, Ruleset } from '@pipewright/metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBundle } from '../testing/test-bundle.ts';
import { openTestServer, type TestServer } from '../testing/test-server.ts';

const l = (zh: string, en: string) => ({ 'zh-CN': zh, en });

/** The test bundle under another app key, so each case installs a new app. */
function bundleWith(change: (bundle: AppBundle, deal: Entity) => void): AppBundle {
  const bundle = testBundle();
  bundle.app.key = 'refusals';
  delete bundle.sampleData;
  change(bundle, bundle.entities.find((e) => e.key === 'deal')!);
  return bundle;
}

const dealIndex = 3;
const fieldIndex = (deal: Entity, key: string) => deal.fields.findIndex((f) => f.key === key);

function setFormula(deal: Entity, key: string, expression: string): void {
  const field = deal.fields.find((f) => f.key === key) as Extract<Field, { type: 'formula' }>;
  field.expression = expression;
}

describe('publish refuses what cannot run', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await openTestServer();
  });
  afterAll(() => server.close());

  /** Plan and publish both answer 400 with a problem at `path` (and `code` when given); nothing is installed. */
  async function expectRefused(bundle: AppBundle, path: string, code?: string): Promise<void> {
    for (const url of [`/api/apps/${bundle.app.key}/plan`, '/api/apps']) {
      const response = await server.inject({ method: 'POST', url, payload: bundle });
      expect(response.statusCode, `${url}: ${response.body}`).toBe(400);
      const errors = response.json().errors as { path: string; code: string }[];
      expect(errors, `${url}: ${response.body}`).toContainEqual(expect.objectContaining({ path, ...(code ? { code } : {}) }));
    }
    expect((await server.inject({ method: 'GET', url: `/api/apps/${bundle.app.key}` })).statusCode).toBe(404);
  }

  it('a formula that does not parse', async () => {
    let at = '';
    const bundle = bundleWith((_, deal) => {
      setFormula(deal, 'weighted', 'budget * (probability');
      at = `/entities/${dealIndex}/fields/${fieldIndex(deal, 'weighted')}/expression`;
    });
    await expectRefused(bundle, at, 'expression.syntax');
  });

  it('a formula naming an unknown field', async () => {
    let at = '';
    const bundle = bundleWith((_, deal) => {
      setFormula(deal, 'weighted', 'budgt * probability / 100');
      at = `/entities/${dealIndex}/fields/${fieldIndex(deal, 'weighted')}/expression`;
    });
    await expectRefused(bundle, at, 'expression.unknownField');
  });

  it('a formula inside line items naming an unknown field', async () => {
    let at = '';
    const bundle = bundleWith((_, deal) => {
      const lines = deal.fields.find((f) => f.key === 'lines') as Extract<Field, { type: 'lineItems' }>;
      (lines.fields[3] as Extract<Field, { type: 'formula' }>).expression = 'qty * prise';
      at = `/entities/${dealIndex}/fields/${fieldIndex(deal, 'lines')}/fields/3/expression`;
    });
    await expectRefused(bundle, at, 'expression.unknownField');
  });

  it('a formula that reads itself', async () => {
    let at = '';
    const bundle = bundleWith((_, deal) => {
      setFormula(deal, 'weighted', 'weighted + 1');
      at = `/entities/${dealIndex}/fields/${fieldIndex(deal, 'weighted')}/expression`;
    });
    await expectRefused(bundle, at, 'expression.cycle');
  });

  it('formulas that read each other in a loop', async () => {
    let at = '';
    const bundle = bundleWith((_, deal) => {
      setFormula(deal, 'weighted', 'total * 2');
      setFormula(deal, 'total', 'weighted + SUM(lines.line_total)');
      at = `/entities/${dealIndex}/fields/${fieldIndex(deal, 'weighted')}/expression`;
    });
    await expectRefused(bundle, at, 'expression.cycle');
  });

  it('a formula nested deeper than the documented limit (64 levels)', async () => {
    let at = '';
    const bundle = bundleWith((_, deal) => {
      setFormula(deal, 'weighted', `${'('.repeat(70)}budget${')'.repeat(70)}`);
      at = `/entities/${dealIndex}/fields/${fieldIndex(deal, 'weighted')}/expression`;
    });
    await expectRefused(bundle, at, 'expression.tooDeep');
  });

  it('a formula whose result cannot fit its column', async () => {
    let at = '';
    const bundle = bundleWith((_, deal) => {
      setFormula(deal, 'weighted', 'POWER(10, 20)');
      at = `/entities/${dealIndex}/fields/${fieldIndex(deal, 'weighted')}/expression`;
    });
    await expectRefused(bundle, at, 'expression.overflow');
  });

  it('a formula of the wrong result type', async () => {
    let at = '';
    const bundle = bundleWith((_, deal) => {
      setFormula(deal, 'weighted', "name & ' (' & stage & ')'");
      at = `/entities/${dealIndex}/fields/${fieldIndex(deal, 'weighted')}/expression`;
    });
    await expectRefused(bundle, at, 'expression.type');
  });

  it('a form condition on an unknown field', async () => {
    const bundle = bundleWith((b) => {
      b.forms = [{
        key: 'deal_form', label: l('商机', 'Deal'), version: 1, entity: 'deal',
        sections: [{ key: 'main', items: [{ field: 'name' }, { field: 'budget', visibleWhen: "stag == 'won'" }, { field: 'vip', requiredWhen: 'budgett > 100' }] }],
      }];
    });
    await expectRefused(bundle, '/forms/0/sections/0/items/1/visibleWhen', 'expression.unknownField');
    await expectRefused(bundle, '/forms/0/sections/0/items/2/requiredWhen', 'expression.unknownField');
  });

  it('a section condition that is not a condition', async () => {
    const bundle = bundleWith((b) => {
      b.forms = [{ key: 'deal_form', label: l('商机', 'Deal'), version: 1, entity: 'deal', sections: [{ key: 'main', visibleWhen: 'budget + 1', items: [{ field: 'name' }] }] }];
    });
    await expectRefused(bundle, '/forms/0/sections/0/visibleWhen', 'expression.type');
  });

  it('unique on a field of line items', async () => {
    let at = '';
    const bundle = bundleWith((_, deal) => {
      const lines = deal.fields.find((f) => f.key === 'lines') as Extract<Field, { type: 'lineItems' }>;
      (lines.fields[1] as { unique?: boolean }).unique = true;
      at = `/entities/${dealIndex}/fields/${fieldIndex(deal, 'lines')}/fields/1/unique`;
    });
    await expectRefused(bundle, at);
  });

  it.each([
    ['boolean', 'unique'],
    ['multiSelect', 'indexed'],
    ['number', 'searchable'],
  ] as const)('a %s field with %s, which its type does not support', async (type, property) => {
    const bundle = bundleWith((b) => {
      const field = { key: 'extra', label: l('额外', 'Extra'), type, [property]: true, ...(type === 'multiSelect' ? { options: [{ value: 'a', label: l('甲', 'A') }] } : {}) };
      b.entities[1]!.fields.push(field as unknown as Field);
    });
    await expectRefused(bundle, `/entities/1/fields/${bundle.entities[1]!.fields.length - 1}/${property}`);
  });

  it.each(['xmin', 'xmax', 'cmin', 'cmax', 'ctid', 'tableoid', 'oid'])('a field keyed %s, a PostgreSQL system column', async (key) => {
    const bundle = bundleWith((b) => {
      b.entities[1]!.fields.push({ key, label: l('系统', 'System'), type: 'text' });
    });
    await expectRefused(bundle, `/entities/1/fields/${bundle.entities[1]!.fields.length - 1}/key`, 'key.reserved');
  });

  it('a line-item field keyed like a column of the line table, or a unique field keyed like its comparison column', async () => {
    let at = '';
    const bundle = bundleWith((b) => {
      b.entities[0]!.fields.push({ key: 'name__key', label: l('键', 'Key'), type: 'text' });
      at = `/entities/0/fields/${b.entities[0]!.fields.length - 1}/key`;
    });
    await expectRefused(bundle, at, 'key.reserved');
  });

  it('an entity key that is the table name of another entity\'s line items', async () => {
    const bundle = bundleWith((b) => {
      b.entities.push({ key: 'deal__lines', label: l('冲突', 'Clash'), version: 1, fields: [{ key: 'name', label: l('名称', 'Name'), type: 'text' }] });
    });
    await expectRefused(bundle, `/entities/${bundle.entities.length - 1}/key`, 'key.tableClash');
  });

  it('an app key too long for its PostgreSQL schema name', async () => {
    const bundle = bundleWith((b) => {
      b.app.key = `a${'x'.repeat(61)}`; // app_ + 62 = 66 bytes
    });
    await expectRefused(bundle, '/app/key', 'key.tooLong');
  });

  it('an entity and line-items key whose child table name is too long', async () => {
    let at = '';
    const bundle = bundleWith((_, deal) => {
      const lines = deal.fields.find((f) => f.key === 'lines')!;
      lines.key = `l${'x'.repeat(60)}`; // deal__ + 61 = 67
      at = `/entities/${dealIndex}/fields/${fieldIndex(deal, lines.key)}/key`;
    });
    await expectRefused(bundle, at, 'key.tooLong');
  });

  it('a unique company-name field whose comparison column name is too long', async () => {
    const bundle = bundleWith((b) => {
      b.entities[0]!.fields[0]!.key = `n${'x'.repeat(60)}`; // + __key = 66
      b.entities[0]!.titleField = b.entities[0]!.fields[0]!.key;
    });
    await expectRefused(bundle, '/entities/0/fields/0/key', 'key.tooLong');
  });

  it('a pattern that RE2 cannot run in linear time', async () => {
    const bundle = bundleWith((b) => {
      b.entities[1]!.fields.push({ key: 'code', label: l('代码', 'Code'), type: 'text', pattern: '^(a)\\1$' });
    });
    await expectRefused(bundle, `/entities/1/fields/${bundle.entities[1]!.fields.length - 1}/pattern`, 'field.badPattern');
  });

  /** A ruleset of `lead` on create and update, for the rules cases below. */
  const leadRuleset = (key: string, rules: Rule[], rest: Partial<Ruleset> = {}): Ruleset => ({
    key, label: l('线索规则', 'Lead rules'), version: 1, entity: 'lead', triggers: ['create', 'update'], rules, ...rest,
  });

  it('a rule condition on an unknown field', async () => {
    const bundle = bundleWith((b) => {
      b.rules = [leadRuleset('lead_rules', [{ key: 'hot', priority: 1, conditions: { and: [{ field: 'scroe', op: 'gt', value: 50 }] }, actions: [{ type: 'setField', field: 'status', value: "'qualified'" }] }])];
    });
    await expectRefused(bundle, '/rules/0/rules/0/conditions/and/0/field', 'reference.unknownField');
  });

  it('a rule condition whose operator does not apply to the field', async () => {
    const bundle = bundleWith((b) => {
      b.rules = [leadRuleset('lead_rules', [{ key: 'hot', priority: 1, conditions: { and: [{ field: 'status', op: 'startsWith', value: 'qu' }] }, actions: [{ type: 'addScore', field: 'score', points: 5 }] }])];
    });
    await expectRefused(bundle, '/rules/0/rules/0/conditions/and/0/op', 'rule.operator');
  });

  it('a rule action of an unknown type', async () => {
    const bundle = bundleWith((b) => {
      b.rules = [leadRuleset('lead_rules', [{ key: 'hot', priority: 1, conditions: { and: [] }, actions: [{ type: 'addPoints', field: 'score', points: 5 } as unknown as RuleAction] }])];
    });
    await expectRefused(bundle, '/rules/0/rules/0/actions/0/type');
  });

  it('two rules that run each other for ever', async () => {
    const bundle = bundleWith((b) => {
      b.rules = [
        leadRuleset('on_score', [{ key: 'qualify', priority: 1, conditions: { and: [] }, actions: [{ type: 'setField', field: 'status', value: "'qualified'" }] }], { changedFields: ['score'] }),
        leadRuleset('on_status', [{ key: 'rescore', priority: 1, conditions: { field: 'status', op: 'eq', value: 'qualified' }, actions: [{ type: 'addScore', field: 'score', points: 1 }] }], { changedFields: ['status'] }),
      ];
    });
    await expectRefused(bundle, '/rules/0/rules/0', 'rule.cycle');
  });

  it('still publishes sound rules', async () => {
    const bundle = bundleWith((b) => {
      b.app.key = 'sound_rules';
      b.rules = [leadRuleset('on_status', [{ key: 'rescore', priority: 1, conditions: { field: 'status', op: 'eq', value: 'qualified' }, actions: [{ type: 'addScore', field: 'score', points: 1 }] }], { changedFields: ['status'] })];
    });
    const response = await server.inject({ method: 'POST', url: '/api/apps', payload: bundle });
    expect(response.statusCode, response.body).toBe(201);
  });

  /** A workflow on deal: trigger → `middle` nodes in a row → end (edges in order unless given). */
  function dealWorkflow(middle: Record<string, unknown>[], edges?: [string, string, string?][], extra: Record<string, unknown> = {}): NonNullable<AppBundle['workflows']>[number] {
    const nodes: (Record<string, unknown> & { id: string })[] = [{ id: 'start', type: 'trigger' }, ...(middle as { id: string }[]), { id: 'done', type: 'end', config: { outcome: 'completed' } }].map((n, i) => ({ position: { x: 0, y: i * 100 }, ...n }));
    const chain = edges ?? nodes.slice(1).map((n, i): [string, string] => [nodes[i]!.id, n.id]);
    return {
      key: 'deal_flow',
      label: l('商机流程', 'Deal flow'),
      version: 1,
      entity: 'deal',
      trigger: { on: 'manual' },
      nodes,
      edges: chain.map(([source, target, sourceHandle], i) => ({ id: `e${i}`, source, target, ...(sourceHandle ? { sourceHandle } : {}) })),
      ...extra,
    } as unknown as NonNullable<AppBundle['workflows']>[number];
  }
  const setStage = (id: string) => ({ id, type: 'updateRecord', config: { assignments: [{ field: 'stage', value: "'won'" }] } });

  it('a workflow with a loop where nothing waits', async () => {
    const bundle = bundleWith((b) => {
      b.workflows = [
        dealWorkflow(
          [setStage('again'), { id: 'check', type: 'condition', config: { branches: [{ handle: 'loop', when: { field: 'quantity', op: 'gt', value: 0 } }], defaultHandle: 'out' } }],
          [['start', 'again'], ['again', 'check'], ['check', 'again', 'loop'], ['check', 'done', 'out']],
        ),
      ];
    });
    await expectRefused(bundle, '/workflows/0/nodes/1', 'workflow.loopWithoutWait');
  });

  it('a workflow whose branch names a field the entity lacks', async () => {
    const bundle = bundleWith((b) => {
      b.workflows = [dealWorkflow([{ id: 'check', type: 'condition', config: { branches: [{ handle: 'big', when: { field: 'budgett', op: 'gt', value: 0 } }], defaultHandle: 'small' } }], [['start', 'check'], ['check', 'done', 'big'], ['check', 'done', 'small']])];
    });
    await expectRefused(bundle, '/workflows/0/nodes/1/config/branches/0/when/field');
  });

  it('a running workflow with a node type that cannot run yet; switched off, it publishes', async () => {
    const waiting = { id: 'pause', type: 'wait', config: { mode: 'delay', duration: 'P1D' } };
    await expectRefused(bundleWith((b) => (b.workflows = [dealWorkflow([waiting])])), '/workflows/0/nodes/1/type', 'workflow.nodeNotSupported');
    const off = bundleWith((b) => {
      b.app.key = 'workflow_off';
      b.workflows = [dealWorkflow([waiting], undefined, { enabled: false })];
    });
    const response = await server.inject({ method: 'POST', url: '/api/apps', payload: off });
    expect(response.statusCode, response.body).toBe(201);
  });

  it('still publishes the test bundle, whose formulas and forms are sound', async () => {
    const bundle = bundleWith((b) => {
      b.forms = [{ key: 'deal_form', label: l('商机', 'Deal'), version: 1, entity: 'deal', sections: [{ key: 'main', items: [{ field: 'name' }, { field: 'budget', visibleWhen: "stage == 'won' && budget > 0" }] }] }];
    });
    const response = await server.inject({ method: 'POST', url: '/api/apps', payload: bundle });
    expect(response.statusCode, response.body).toBe(201);
  });
});
