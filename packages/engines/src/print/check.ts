/**
 * The print templates of a bundle checked before publishing: every handlebars part compiles,
 * names only fields of its entity (through many-to-one relations and line items), calls only
 * known helpers with the arguments they take, prints no value unescaped (`{{{…}}}`), uses no
 * partials, loops over line items without nesting loops, and nests blocks at most
 * `maxPrintNesting` deep. Each problem is at the JSON pointer of the part, with the line and
 * column in the template. Pure, so the print designer shows the same problems.
 */
import { pointer, type AppBundle, type Entity, type Field, type MetadataError, type PrintBlock, type PrintTemplate } from '@pipewright/metadata';
import Handlebars from 'handlebars';
import { bodyOf } from './fill.ts';
import { builtInBlocks, printHelpers } from './helpers/registry.ts';

export const maxPrintNesting = 8;

const systemFields = new Set(['id', 'created_at', 'updated_at', 'created_by', 'owner_id', 'version']);
const printVariables = new Set(['today', 'now', 'app', 'printedBy', 'pageNumber', 'totalPages', 'root']);
const loopVariables = new Set(['index', 'first', 'last', 'key']);

interface Scope {
  label: string;
  fields: readonly Field[];
  parent: Scope | undefined;
  loop: boolean;
}

type Node = hbs.AST.Node;

/**
 * @example
 * checkPrintTemplates(bundle)
 * // [{ path: '/printTemplates/0/template', code: 'print.unknownField', message: 'line 3, column 12: opportunity has no field "amout"' }]
 */
export function checkPrintTemplates(bundle: AppBundle): MetadataError[] {
  const errors: MetadataError[] = [];
  (bundle.printTemplates ?? []).forEach((template, t) => {
    const entity = bundle.entities.find((e) => e.key === template.entity);
    if (!entity) return; // the reference check reports it
    errors.push(...checkPrintTemplate(template, entity, bundle.entities, pointer('printTemplates', t)));
  });
  return errors;
}

export function checkPrintTemplate(template: PrintTemplate, entity: Entity, entities: readonly Entity[], at = ''): MetadataError[] {
  const errors: MetadataError[] = [];
  const usesBlocks = (template.blocks?.length ?? 0) > 0;
  if (usesBlocks) errors.push(...checkBlocks(template.blocks!, entity, entities, `${at}/blocks`));
  else if (!template.template) errors.push({ path: `${at}/template`, code: 'print.emptyTemplate', message: 'a print template needs a template or blocks' });
  const parts: [string, string | undefined][] = [
    [usesBlocks ? 'blocks' : 'template', bodyOf(template)],
    ['header', template.header],
    ['firstPageHeader', template.firstPageHeader],
    ['footer', template.footer],
  ];
  if (errors.length > 0) return errors;
  for (const [name, source] of parts) {
    if (source === undefined || source === '') continue;
    errors.push(...checkSource(source, entity, entities, `${at}/${name}`));
  }
  return errors;
}

/** Problems of one handlebars source over `entity`. */
export function checkSource(source: string, entity: Entity, entities: readonly Entity[], path: string): MetadataError[] {
  let program: hbs.AST.Program;
  try {
    program = Handlebars.parse(source);
  } catch (error) {
    if (error instanceof RangeError) return [{ path, code: 'print.tooDeep', message: `the template nests deeper than ${maxPrintNesting} blocks` }];
    const message = error instanceof Error ? error.message.split('\n').join(' ') : String(error);
    return [{ path, code: 'print.syntax', message }];
  }
  const errors: MetadataError[] = [];
  const problem = (node: Node, code: string, message: string) => {
    const where = node.loc ? `line ${node.loc.start.line}, column ${node.loc.start.column + 1}: ` : '';
    if (errors.length < 50) errors.push({ path, code, message: where + message });
  };
  const root: Scope = { label: entity.key, fields: entity.fields, parent: undefined, loop: false };

  const resolve = (node: hbs.AST.PathExpression, scope: Scope): Field | 'value' | undefined => {
    const parts = node.parts;
    if (node.data) {
      const [first, ...rest] = parts;
      if (first === 'root') return resolveIn(node, root, rest);
      if (first !== undefined && loopVariables.has(first) && scope.loop) return 'value';
      if (first !== undefined && printVariables.has(first)) {
        if (first === 'app' && rest.length > 0 && !['key', 'name'].includes(rest[0]!)) problem(node, 'print.unknownVariable', `@app has key and name, not "${rest[0]}"`);
        return 'value';
      }
      problem(node, 'print.unknownVariable', `"@${parts.join('.')}" is not a print variable (@today, @now, @app.name, @printedBy, @pageNumber, @totalPages${scope.loop ? ', @index, @first, @last' : ''})`);
      return undefined;
    }
    let target: Scope | undefined = scope;
    for (let d = 0; d < node.depth && target; d++) target = target.parent;
    if (!target) {
      problem(node, 'print.unknownField', `"${node.original}" climbs above the record`);
      return undefined;
    }
    return resolveIn(node, target, parts);
  };

  const resolveIn = (node: hbs.AST.PathExpression, scope: Scope, parts: readonly string[]): Field | 'value' | undefined => {
    if (parts.length === 0) return 'value'; // this
    let fields = scope.fields;
    let label = scope.label;
    let field: Field | undefined;
    for (const [i, part] of parts.entries()) {
      if (i > 0) {
        const via: Field | undefined = field;
        if (via?.type === 'relation' && via.kind === 'manyToOne') {
          fields = entities.find((e) => e.key === via.target)?.fields ?? [];
          label = via.target;
        } else {
          problem(node, 'print.unknownField', `"${parts.slice(0, i).join('.')}" is not a many-to-one relation, so "${node.original}" reaches nothing`);
          return undefined;
        }
      }
      if (i === 0 && systemFields.has(part) && parts.length === 1) return 'value';
      if (i > 0 && systemFields.has(part)) return 'value';
      field = fields.find((f) => f.key === part);
      if (!field) {
        problem(node, 'print.unknownField', `${label} has no field "${part}"`);
        return undefined;
      }
    }
    return field;
  };

  const value = (node: hbs.AST.Expression, scope: Scope, depth: number): void => {
    if (node.type === 'PathExpression') resolve(node as hbs.AST.PathExpression, scope);
    else if (node.type === 'SubExpression') call(node as hbs.AST.SubExpression, scope, depth);
  };

  const call = (node: hbs.AST.MustacheStatement | hbs.AST.SubExpression, scope: Scope, depth: number): void => {
    const path = node.path as hbs.AST.PathExpression | hbs.AST.Literal;
    if (path.type !== 'PathExpression') return problem(node, 'print.syntax', 'a literal cannot be called');
    const name = (path as hbs.AST.PathExpression).original;
    if ((node.hash?.pairs.length ?? 0) > 0) problem(node, 'print.hashArguments', `${name}: named arguments are not supported`);
    const isCall = node.params.length > 0 || node.type === 'SubExpression';
    const helper = printHelpers.get(name);
    if (!isCall && !helper) return void resolve(path as hbs.AST.PathExpression, scope);
    if (name === 'lookup') problem(node, 'print.unknownHelper', 'lookup is not available in print templates: name the field');
    else if (!helper) problem(node, 'print.unknownHelper', `"${name}" is not a print helper (${[...printHelpers.keys()].join(', ')})`);
    else if (node.params.length < helper.arity[0] || node.params.length > helper.arity[1]) {
      const [min, max] = helper.arity;
      problem(node, 'print.helperArguments', `${name} takes ${min === max ? min : `${min} to ${max}`} argument${max === 1 ? '' : 's'}, not ${node.params.length}`);
    }
    if (depth > maxPrintNesting) return problem(node, 'print.tooDeep', `helper calls nest deeper than ${maxPrintNesting}`);
    for (const param of node.params) value(param, scope, depth + 1);
  };

  const walk = (program: hbs.AST.Program, scope: Scope, depth: number): void => {
    for (const statement of program.body) {
      switch (statement.type) {
        case 'ContentStatement':
        case 'CommentStatement':
          break;
        case 'MustacheStatement': {
          const mustache = statement as hbs.AST.MustacheStatement;
          if (!mustache.escaped) problem(mustache, 'print.unescaped', 'values print escaped: use {{…}}, not {{{…}}}');
          call(mustache, scope, depth);
          break;
        }
        case 'BlockStatement':
          block(statement as hbs.AST.BlockStatement, scope, depth);
          break;
        default:
          problem(statement, 'print.unsupported', `${statement.type.replace('Statement', '').toLowerCase()}s are not supported in print templates`);
      }
    }
  };

  const block = (node: hbs.AST.BlockStatement, scope: Scope, depth: number): void => {
    if (depth >= maxPrintNesting) return problem(node, 'print.tooDeep', `blocks nest deeper than ${maxPrintNesting}`);
    const name = node.path.type === 'PathExpression' ? (node.path as hbs.AST.PathExpression).original : '';
    if (!builtInBlocks.has(name) || name === 'lookup') return problem(node, 'print.unknownHelper', `"${name}" is not a block (if, unless, each, with)`);
    if (node.params.length !== 1) return problem(node, 'print.helperArguments', `#${name} takes one argument`);
    if ((node.program.blockParams?.length ?? 0) > 0) problem(node, 'print.unsupported', 'block parameters (as |x|) are not supported');
    const [param] = node.params;
    let inner = scope;
    if (name === 'each' || name === 'with') {
      if (param!.type !== 'PathExpression') return problem(node, 'print.helperArguments', `#${name} takes a field`);
      const field = resolve(param as hbs.AST.PathExpression, scope);
      if (field === undefined) return;
      if (name === 'each') {
        if (field === 'value' || field.type !== 'lineItems') return problem(node, 'print.notLineItems', `#each loops over line items, and "${(param as hbs.AST.PathExpression).original}" is not a line items field`);
        for (let s: Scope | undefined = scope; s; s = s.parent) if (s.loop) return problem(node, 'print.nestedLoop', '#each inside #each is not supported (its output would grow without bound)');
        inner = { label: `${scope.label}.${field.key}`, fields: field.fields, parent: scope, loop: true };
      } else {
        if (field === 'value' || field.type !== 'relation' || field.kind !== 'manyToOne') return problem(node, 'print.notRelation', `#with takes a many-to-one relation`);
        const target = entities.find((e) => e.key === field.target);
        inner = { label: field.target, fields: target?.fields ?? [], parent: scope, loop: scope.loop };
      }
    } else value(param!, scope, depth);
    walk(node.program, inner, depth + 1);
    if (node.inverse) walk(node.inverse, scope, depth + 1);
  };

  walk(program, root, 0);
  return errors;
}

/** Block references: a table's items are a line items field of the entity, its columns fields of the items. */
function checkBlocks(blocks: readonly PrintBlock[], entity: Entity, entities: readonly Entity[], at: string, depth = 0): MetadataError[] {
  const errors: MetadataError[] = [];
  if (depth >= maxPrintNesting) return [{ path: at, code: 'print.tooDeep', message: `sections nest deeper than ${maxPrintNesting}` }];
  blocks.forEach((block, b) => {
    const path = `${at}/${b}`;
    if (block.type === 'table') {
      const items = entity.fields.find((f) => f.key === block.items);
      if (!items || items.type !== 'lineItems') errors.push({ path: `${path}/items`, code: 'print.notLineItems', message: `"${block.items}" is not a line items field of ${entity.key}` });
      else {
        const itemEntity: Entity = { ...entity, key: `${entity.key}.${items.key}`, fields: items.fields };
        block.columns.forEach((column, c) => {
          for (const problem of checkSource(`{{${column.field}}}`, itemEntity, entities, `${path}/columns/${c}/field`)) errors.push({ ...problem, message: problem.message.replace(/^line 1, column \d+: /, '') });
        });
      }
    } else if (block.type === 'section') errors.push(...checkBlocks(block.blocks, entity, entities, `${path}/blocks`, depth + 1));
    const fields = [block.type === 'field' || block.type === 'code' ? ['field', block.field] : undefined, block.type !== 'pageBreak' && block.when ? ['when', block.when] : undefined];
    for (const entry of fields) {
      if (!entry) continue;
      const [key, field] = entry as [string, string];
      for (const problem of checkSource(`{{${field}}}`, entity, entities, `${path}/${key}`)) errors.push({ ...problem, message: problem.message.replace(/^line 1, column \d+: /, '') });
    }
  });
  return errors;
}
