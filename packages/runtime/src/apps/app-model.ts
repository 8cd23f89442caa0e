/**
 * An installed app version, prepared for fast use by every request: the bundle, an index of its
 * entities and fields, its table layout and one input validator per entity (compiled once).
 */
import { Catalog, type AppBundle, type Entity } from '@pipewright/metadata';
import { PipewrightError, RecordInputValidator } from '@pipewright/engines';
import { appLayout, type AppLayout, type TableLayout } from '../schema/layout.ts';

export class AppModel {
  readonly catalog: Catalog;
  readonly layout: AppLayout;
  private readonly validators = new Map<string, RecordInputValidator>();
  private readonly tables: Map<string, TableLayout>;

  constructor(readonly bundle: AppBundle) {
    this.catalog = new Catalog(bundle);
    this.layout = appLayout(bundle);
    this.tables = new Map(this.layout.tables.map((t) => [t.name, t]));
  }

  get key(): string {
    return this.bundle.app.key;
  }

  get version(): string {
    return this.bundle.app.version;
  }

  get schema(): string {
    return this.layout.schema;
  }

  /** The entity with this key; throws `entity.notFound` (HTTP 404) otherwise. */
  entity(key: string): Entity {
    const entity = this.catalog.entity(key);
    if (!entity) throw new PipewrightError('entity.notFound', `App "${this.key}" has no entity "${key}"`);
    return entity;
  }

  table(name: string): TableLayout {
    const table = this.tables.get(name);
    if (!table) throw new Error(`No table ${name} in app ${this.key}`);
    return table;
  }

  validator(entityKey: string): RecordInputValidator {
    let validator = this.validators.get(entityKey);
    if (!validator) {
      validator = new RecordInputValidator(this.entity(entityKey));
      this.validators.set(entityKey, validator);
    }
    return validator;
  }
}
