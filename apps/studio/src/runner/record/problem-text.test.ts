import { beforeAll, describe, expect, it } from 'vitest';
import type { Entity } from '@pipewright/metadata';
import { loadRunnerText, translator } from '../messages.ts';

// English comes with its own script (decision 053).
beforeAll(() => loadRunnerText('en'));
import { fieldAtPointer, problemText } from './problem-text.ts';

const label = (en: string) => ({ 'zh-CN': en, en });
const entity: Entity = {
  key: 'deal',
  label: label('Deal'),
  version: 1,
  fields: [
    { key: 'email', label: label('E-mail'), type: 'email' },
    { key: 'lines', label: label('Lines'), type: 'lineItems', fields: [{ key: 'qty', label: label('Qty'), type: 'number' }] },
  ],
};

describe('server problems in the reader\'s language', () => {
  it('finds the field a pointer names, inside line items too', () => {
    expect(fieldAtPointer(entity, '/email')?.key).toBe('email');
    expect(fieldAtPointer(entity, '/lines/2/qty')?.key).toBe('qty');
    expect(fieldAtPointer(entity, '/nope')).toBeUndefined();
  });

  it('says a refused value by the field type, a known code by the code, anything else as the server did', () => {
    const zh = translator('zh-CN');
    expect(problemText({ path: '/email', code: 'record.invalidValue', message: 'must be an e-mail address' }, fieldAtPointer(entity, '/email'), zh)).toBe('请输入有效的邮箱地址');
    expect(problemText({ path: '/lines/0/qty', code: 'record.required', message: 'is required' }, fieldAtPointer(entity, '/lines/0/qty'), translator('en'))).toBe('Required');
    expect(problemText({ path: '/email', code: 'record.somethingNew', message: 'a new check' }, undefined, zh)).toBe('a new check');
  });
});
