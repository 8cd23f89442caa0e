/**
 * Filling a message's placeholders. `{name}` puts the value in as it is; `{name:lower}` puts in
 * a name used as a common noun inside an English sentence ("New {entity:lower}" with the label
 * "Lead" reads "New lead"), in sentence case as the rest of the UI: its first letter in lower
 * case, unless the word is an acronym or a word with inner capitals ("VIP", "iPhone", "ERP order"
 * stay). Only the en tables use it; zh-CN has no letter case.
 *
 * @example
 * fillPlaceholders('New {entity:lower}', { entity: 'Lead' }) // 'New lead'
 * fillPlaceholders('Search {entity:lower}', { entity: 'VIP accounts' }) // 'Search VIP accounts'
 */
export function fillPlaceholders(template: string, values?: Record<string, string | number>): string {
  if (!values) return template;
  return template.replace(/\{(\w+)(?::(lower))?\}/g, (whole, name: string, modifier: string | undefined) => {
    if (!(name in values)) return whole;
    const value = String(values[name]);
    return modifier === 'lower' ? asCommonNoun(value) : value;
  });
}

/** A label's first letter in lower case when the first word is an ordinary capitalised word. */
export function asCommonNoun(label: string): string {
  const first = /^\p{Lu}\p{Ll}*(?=$|[\s\-–,.;:!?)/])/u.exec(label)?.[0];
  if (!first || first.length < 2) return label;
  return first.toLowerCase() + label.slice(first.length);
}
