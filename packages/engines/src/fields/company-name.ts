/**
 * Normalises a company name for duplicate detection: full-width to half-width, case, spaces and
 * punctuation, and legal suffixes (有限公司, 股份有限公司, Co., Ltd., Inc. …) do not make two names differ.
 *
 * @example
 * companyNameKey('上海星辰科技有限公司') === companyNameKey('上海星辰科技')        // true
 * companyNameKey('Acme Co., Ltd.') === companyNameKey('ACME')                   // true
 */
export function companyNameKey(name: string): string {
  let key = name.normalize('NFKC').toLowerCase().replace(/[\s.,，。·()（）'"&-]+/g, '');
  let changed = true;
  while (changed) {
    changed = false;
    for (const suffix of legalSuffixes) {
      if (key.length > suffix.length && key.endsWith(suffix)) {
        key = key.slice(0, -suffix.length);
        changed = true;
      }
    }
  }
  return key;
}

/** Legal-form suffixes a company name loses, longest first (the SQL twin reads this list too). */
export const legalSuffixes: readonly string[] = [
  '股份有限公司', '有限责任公司', '有限公司', '集团公司', '集团', '公司', '分公司',
  'coltd', 'ltd', 'limited', 'co', 'inc', 'incorporated', 'llc', 'corp', 'corporation', 'gmbh', 'plc',
].sort((a, b) => b.length - a.length);
