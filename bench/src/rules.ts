/**
 * The rules benchmark: a 50-rule lead assignment set (first match wins) over N leads in process,
 * through Pipewright's rules engine (conditions compiled from the filter language, facts, hit
 * policy, effects with the assignment strategy) against plain json-rules-engine running the same
 * conditions, written with its own operators, on the same facts with the same priorities and
 * stopping at the first match. Both sides take turns in chunks of 1,000 leads, so load from
 * elsewhere on the machine falls on both.
 *
 * The plain engine resolves paths with the same dotted-path resolver Pipewright uses, the stricter
 * comparison; with `BENCH_RULES_JSONPATH=1` it also runs with its default JSONPath resolver
 * (`path: '$.source'`, how json-rules-engine is used out of the box), which is slower still.
 */
import { Engine, type NestedCondition, type RuleProperties, type TopLevelCondition } from 'json-rules-engine';
import { compileRuleset, evaluateRuleset, loadSnapshot, type LoadSnapshot } from '@pipewright/engines';
import type { AppBundle, Rule, RuleCondition } from '@pipewright/metadata';
import { time } from './measure.ts';

const l = (en: string) => ({ 'zh-CN': en, en });
const sources = ['website', 'exhibition', 'referral', 'cold_call', 'advertising', 'partner'];
const industries = ['manufacturing', 'it', 'finance', 'retail', 'healthcare', 'education', 'other'];
const provinces = ['110000', '120000', '310000', '320000', '330000', '440000', '450000', '350000', '510000', '420000'];
const options = (values: string[]) => values.map((value) => ({ value, label: l(value) }));

export interface RulesFigures {
  leads: number;
  rules: number;
  pipewrightMs: number;
  plainMs: number;
  /** With json-rules-engine's default JSONPath resolver, when measured. */
  plainJsonPathMs?: number;
  ratio: number;
  ratioJsonPath?: number;
  /** Leads each side assigned by a rule other than the catch-all, as a check that both agree. */
  matchedBySpecificRule: { pipewright: number; plain: number };
}

/** Rule i of the 50: a source, two industries, a minimum score, and for some a region. */
function ruleOf(i: number): { ours: RuleCondition; plain: TopLevelCondition } {
  const source = sources[i % sources.length]!;
  const pair = [industries[i % industries.length]!, industries[(i + 3) % industries.length]!];
  const minScore = (i * 7) % 60;
  const ours: RuleCondition[] = [
    { field: 'source', op: 'eq', value: source },
    { field: 'industry', op: 'in', value: pair },
    { field: 'score', op: 'gte', value: minScore },
  ];
  const plain: NestedCondition[] = [
    { fact: 'record', path: '$.source', operator: 'equal', value: source },
    { fact: 'record', path: '$.industry', operator: 'in', value: pair },
    { fact: 'record', path: '$.score', operator: 'greaterThanInclusive', value: minScore },
  ];
  if (i % 3 === 0) {
    const province = provinces[i % provinces.length]!;
    ours.push({ field: 'region', op: 'contains', value: province });
    plain.push({ fact: 'record', path: '$.region', operator: 'contains', value: province });
  }
  return { ours: { and: ours }, plain: { all: plain } };
}

function bundleOf(rules: Rule[]): AppBundle {
  return {
    formatVersion: 1,
    app: { key: 'bench_rules', name: l('Rules'), version: '1.0.0' },
    entities: [
      {
        key: 'lead',
        label: l('Lead'),
        version: 1,
        titleField: 'company',
        fields: [
          { key: 'company', label: l('Company'), type: 'text' },
          { key: 'source', label: l('Source'), type: 'singleSelect', options: options(sources) },
          { key: 'industry', label: l('Industry'), type: 'singleSelect', options: options(industries) },
          { key: 'region', label: l('Region'), type: 'region', depth: 'city' },
          { key: 'score', label: l('Score'), type: 'number', scale: 0 },
        ],
      },
    ],
    roles: [{ key: 'sales_rep', label: l('Sales rep'), version: 1, permissions: [] }],
    rules: [{ key: 'assignment', label: l('Assignment'), version: 1, entity: 'lead', triggers: ['create'], match: 'first', rules }],
  };
}

function leadsOf(count: number): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => {
    const province = provinces[(i * 7) % provinces.length]!;
    return {
      company: `Lead ${i}`,
      source: sources[(i * 5) % sources.length],
      industry: industries[(i * 3) % industries.length],
      region: [province, `${province.slice(0, 2)}0100`],
      score: (i * 37) % 100,
    };
  });
}

const dottedPath = (value: unknown, path: string): unknown => {
  let current = value;
  for (const key of path.replace(/^\$\./, '').split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
};

/** json-rules-engine as one would write the same ruleset by hand. */
function plainEngine(rules: { plain: TopLevelCondition }[], simplePath: boolean): Engine {
  const engine = new Engine([], simplePath ? { allowUndefinedFacts: true, pathResolver: dottedPath } : { allowUndefinedFacts: true });
  const all: RuleProperties[] = rules.map((rule, i) => ({
    name: `rule_${i}`,
    priority: rules.length + 1 - i,
    conditions: rule.plain,
    event: { type: 'assign', params: { user: (i % 10) + 1 } },
  }));
  all.push({ name: 'fallback', priority: 1, conditions: { all: [] }, event: { type: 'assign', params: { user: 0 } } });
  all.forEach((rule) => engine.addRule(rule));
  engine.on('success', () => void engine.stop());
  return engine;
}

export async function benchRules(count: number): Promise<RulesFigures> {
  const conditions = Array.from({ length: 49 }, (_, i) => ruleOf(i));
  const rules: Rule[] = conditions.map((c, i) => ({
    key: `rule_${i}`,
    priority: 100 - i,
    conditions: c.ours,
    actions: [{ type: 'assign', to: { strategy: 'user', user: `rep${(i % 10) + 1}` } }],
  }));
  rules.push({ key: 'fallback', priority: 1, conditions: { and: [] }, actions: [{ type: 'assign', to: { strategy: 'roundRobin', role: 'sales_rep' } }] });
  const ours = compileRuleset(bundleOf(rules), 0);
  const plainJsonPath = plainEngine(conditions, false);
  const plainSimple = plainEngine(conditions, true);
  const leads = leadsOf(count);
  const now = new Date('2026-06-05T02:00:00Z');
  let snapshot: LoadSnapshot = loadSnapshot(Array.from({ length: 10 }, (_, i) => ({ userId: i + 1, login: `rep${i + 1}`, roles: ['sales_rep'] })));
  const matched = { pipewright: 0, plain: 0 };
  const withJsonPath = process.env.BENCH_RULES_JSONPATH === '1';
  let pipewrightMs = 0;
  let plainMs = 0;
  let plainJsonPathMs = 0;
  const chunk = 1000;
  for (let start = 0; start < leads.length; start += chunk) {
    const part = leads.slice(start, start + chunk);
    pipewrightMs += await time(async () => {
      for (const record of part) {
        const outcome = await evaluateRuleset(ours, { record, now, isNew: true }, snapshot);
        snapshot = outcome.snapshot;
        if (outcome.matched[0] !== 'fallback') matched.pipewright++;
      }
    });
    plainMs += await time(async () => {
      for (const record of part) {
        const { events } = await plainSimple.run({ record });
        if (events[0]?.params?.user !== 0) matched.plain++;
      }
    });
    if ((start / chunk) % 10 === 9) {
      process.stderr.write(`rules bench: ${start + part.length} leads, Pipewright ${Math.round(pipewrightMs)} ms, json-rules-engine ${Math.round(plainMs)} ms → ${(pipewrightMs / plainMs).toFixed(2)}x\n`);
    }
    if (withJsonPath) {
      plainJsonPathMs += await time(async () => {
        for (const record of part) await plainJsonPath.run({ record });
      });
    }
  }
  return {
    leads: count,
    rules: rules.length,
    pipewrightMs,
    plainMs,
    ratio: pipewrightMs / plainMs,
    ...(withJsonPath ? { plainJsonPathMs, ratioJsonPath: pipewrightMs / plainJsonPathMs } : {}),
    matchedBySpecificRule: matched,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const count = Number(process.env.BENCH_LEADS ?? 100_000);
  const r = await benchRules(count);
  console.log(JSON.stringify(r, null, 2));
}
