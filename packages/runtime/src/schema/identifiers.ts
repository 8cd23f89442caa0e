/**
 * The PostgreSQL names an app's layout derives from its keys, checked against the identifier
 * limit (63 bytes) before anything is planned: the schema `app_<key>`, entity tables, child and
 * join tables `<entity>__<field>`, field columns and the comparison columns `<field>__key`. Each
 * problem names the key to shorten, so the studio can show it beside the input. (Names the
 * runtime makes for indexes and constraints are shortened with a hash instead: nobody types them.)
 */
import { pointer, type AppBundle, type MetadataError } from '@pipewright/metadata';
import { appSchemaName, comparisonColumn } from './layout.ts';

/** PostgreSQL's NAMEDATALEN − 1: longer identifiers would be truncated into collisions. */
export const maxIdentifierBytes = 63;

/**
 * Every key whose derived PostgreSQL name is too long.
 *
 * @example
 * identifierProblems(bundleWithA62CharacterAppKey)
 * // [{ path: '/app/key', code: 'key.tooLong', message: 'the schema name "app_…" is 66 bytes; PostgreSQL allows 63' }]
 */
export function identifierProblems(bundle: AppBundle): MetadataError[] {
  const problems: MetadataError[] = [];
  const check = (name: string, what: string, path: string) => {
    const bytes = new TextEncoder().encode(name).length;
    if (bytes > maxIdentifierBytes) {
      problems.push({ path, code: 'key.tooLong', message: `the ${what} "${name}" is ${bytes} bytes; PostgreSQL allows ${maxIdentifierBytes}, so shorten this key` });
    }
  };
  check(appSchemaName(bundle.app.key), 'schema name', '/app/key');
  bundle.entities.forEach((entity, e) => {
    check(entity.key, 'table name', pointer('entities', e, 'key'));
    entity.fields.forEach((field, f) => {
      const at = pointer('entities', e, 'fields', f, 'key');
      if (field.type === 'lineItems' || (field.type === 'relation' && field.kind === 'manyToMany')) {
        check(`${entity.key}__${field.key}`, 'table name', at);
      }
      if (field.type === 'text' && field.unique && field.normalize === 'companyName') {
        check(comparisonColumn(field.key), 'comparison column', at);
      }
    });
  });
  return problems;
}
