/** The values a new record starts with: the fields' defaults, then what the link asked for (`?account=5`). */
import type { Entity, Field } from '@pipewright/metadata';

function fromQuery(field: Field, text: string): unknown {
  switch (field.type) {
    case 'relation':
    case 'user':
    case 'department':
    case 'number':
    case 'currency':
    case 'percent':
    case 'rating': {
      const number = Number(text);
      return Number.isFinite(number) ? number : undefined;
    }
    case 'boolean':
      return text === 'true';
    case 'text':
    case 'longText':
    case 'email':
    case 'phone':
    case 'url':
    case 'singleSelect':
    case 'date':
      return text;
    default:
      return undefined;
  }
}

export function newRecordDraft(entity: Entity, userId: number | undefined, query: URLSearchParams): Record<string, unknown> {
  // The owner of a new record is its creator unless the server is told otherwise.
  const draft: Record<string, unknown> = userId === undefined ? {} : { owner_id: userId };
  for (const field of entity.fields) {
    if (!('default' in field) || field.default === undefined) continue;
    if (field.default === 'currentUser') draft[field.key] = userId;
    else if (field.default === 'currentUserDepartment' || field.default === 'now') continue;
    else draft[field.key] = field.default;
  }
  for (const [key, text] of query) {
    const field = entity.fields.find((f) => f.key === key);
    const value = field ? fromQuery(field, text) : undefined;
    if (value !== undefined) draft[key] = value;
  }
  return draft;
}
