/**
 * The JSON Schemas of every metadata document kind, as plain objects, keyed by kind.
 * Loaded with JSON imports so the same code runs in Node and in the studio's browser build.
 */
import app from '../schemas/app.schema.json' with { type: 'json' };
import bundle from '../schemas/bundle.schema.json' with { type: 'json' };
import common from '../schemas/common.schema.json' with { type: 'json' };
import dashboard from '../schemas/dashboard.schema.json' with { type: 'json' };
import entity from '../schemas/entity.schema.json' with { type: 'json' };
import field from '../schemas/field.schema.json' with { type: 'json' };
import filter from '../schemas/filter.schema.json' with { type: 'json' };
import form from '../schemas/form.schema.json' with { type: 'json' };
import navigation from '../schemas/navigation.schema.json' with { type: 'json' };
import printTemplate from '../schemas/print-template.schema.json' with { type: 'json' };
import report from '../schemas/report.schema.json' with { type: 'json' };
import role from '../schemas/role.schema.json' with { type: 'json' };
import ruleset from '../schemas/ruleset.schema.json' with { type: 'json' };
import view from '../schemas/view.schema.json' with { type: 'json' };
import workflow from '../schemas/workflow.schema.json' with { type: 'json' };

/** Every schema, keyed by the document kind it describes. */
export const schemas = {
  app,
  bundle,
  common,
  dashboard,
  entity,
  field,
  filter,
  form,
  navigation,
  printTemplate,
  report,
  role,
  ruleset,
  view,
  workflow,
} as const;

export type DocumentKind = keyof typeof schemas;
