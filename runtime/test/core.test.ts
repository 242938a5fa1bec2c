import { describe, expect, it } from 'vitest';
import { formatFieldValue, formatValue } from '../src/core/format-value';
import { pickText } from '../src/core/i18n-text';
import { initialLanguage } from '../src/core/locale';
import { matchPath, safeNext } from '../src/core/router';
import { appIconName } from '../src/core/app-icons';
import type { FieldDefinition } from '@tangram/client';

const yesNo = { yes: '是', no: '否' };

describe('matchPath', () => {
  it('extracts decoded params and ignores trailing slashes', () => {
    expect(matchPath('/apps/:appId', '/apps/a%201/')).toEqual({ appId: 'a 1' });
    expect(matchPath('/apps/:appId/forms/:formId', '/apps/a1/forms/f1')).toEqual({
      appId: 'a1',
      formId: 'f1',
    });
    expect(matchPath('/apps/:appId', '/apps/a1/forms/f1')).toBeNull();
    expect(matchPath('/', '/')).toEqual({});
  });
});

describe('safeNext', () => {
  it('accepts same-origin paths only', () => {
    expect(safeNext('?next=%2Fstudio%2Fapps%2Fa1')).toBe('/studio/apps/a1');
    expect(safeNext('?next=https%3A%2F%2Fevil.example')).toBeNull();
    expect(safeNext('?next=%2F%2Fevil.example')).toBeNull();
    expect(safeNext('?next=%2F%5Cevil.example')).toBeNull();
    expect(safeNext('')).toBeNull();
  });
});

describe('pickText', () => {
  it('prefers the language, then its base, then zh-CN, en, any', () => {
    expect(pickText({ 'zh-CN': '客户', en: 'Customers' }, 'en')).toBe('Customers');
    expect(pickText({ 'zh-CN': '客户', en: 'Customers' }, 'zh-TW')).toBe('客户');
    expect(pickText({ en: 'Customers' }, 'zh-CN')).toBe('Customers');
    expect(pickText({ 'zh-CN': '', en: 'Customers' }, 'zh-CN')).toBe('Customers');
    expect(pickText(undefined, 'en')).toBe('');
  });
});

describe('initialLanguage', () => {
  const storage = (value: string | null) => ({ getItem: () => value });
  it('uses the saved choice, then the browser, then zh-CN', () => {
    expect(initialLanguage(storage('en'), ['zh-CN'])).toBe('en');
    expect(initialLanguage(storage('fr'), ['en-GB', 'zh-CN'])).toBe('en');
    expect(initialLanguage(storage(null), ['zh-TW'])).toBe('zh-CN');
    expect(initialLanguage(storage(null), ['de-DE'])).toBe('zh-CN');
  });
  it('survives storage that throws', () => {
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
    };
    expect(initialLanguage(broken, ['en-US'])).toBe('en');
  });
});

describe('formatting', () => {
  it('formats plain values', () => {
    expect(formatValue(true, yesNo)).toBe('是');
    expect(formatValue([1, 'a'], yesNo)).toBe('1, a');
    expect(formatValue({ name: '林晓', id: 'u1' }, yesNo)).toBe('林晓');
    expect(formatValue(null, yesNo)).toBe('');
  });
  it('shows option labels for choice fields', () => {
    const field = {
      id: 'region',
      type: 'multiselect',
      label: { en: 'Region' },
      config: { options: [{ value: 'east', label: { 'zh-CN': '华东', en: 'East' } }] },
    } as FieldDefinition;
    expect(formatFieldValue(field, ['east', 'west'], 'en', yesNo)).toBe('East, west');
    expect(formatFieldValue(field, 'east', 'zh-CN', yesNo)).toBe('华东');
    expect(formatFieldValue(field, null, 'zh-CN', yesNo)).toBe('');
  });
});

describe('appIconName', () => {
  it('falls back to the default icon for unknown values', () => {
    expect(appIconName('team')).toBe('team');
    expect(appIconName({ name: 'rocket' })).toBe('rocket');
    expect(appIconName('no-such-icon')).toBe('appstore');
    expect(appIconName(undefined)).toBe('appstore');
  });
});
