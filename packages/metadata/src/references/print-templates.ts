/** Reference checks of print templates: unique keys and the entity whose records they print. */
import { pointer, type MetadataError } from '../errors.ts';
import type { AppBundle } from '../generated/types.ts';
import type { Catalog } from './catalog.ts';
import { duplicateKeys } from './entities.ts';

export function checkPrintTemplates(bundle: AppBundle, catalog: Catalog): MetadataError[] {
  const templates = bundle.printTemplates ?? [];
  const errors = duplicateKeys(templates, pointer('printTemplates'), 'print template');
  templates.forEach((template, t) => {
    if (!catalog.entity(template.entity)) {
      errors.push({ path: pointer('printTemplates', t, 'entity'), code: 'reference.unknownEntity', message: `entity "${template.entity}" does not exist` });
    }
  });
  return errors;
}
