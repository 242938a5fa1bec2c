import { describe, expect, it } from 'vitest';
import { basicsOf, newApp, withBasics } from '../src/core/app-draft';

describe('app drafts', () => {
  it('creates an empty app with trimmed, non-empty names', () => {
    const app = newApp({ nameZh: ' 客户管理 ', nameEn: '  ', icon: 'team' });
    expect(app).toMatchObject({ name: { 'zh-CN': '客户管理' }, icon: 'team', forms: [] });
    expect(app.name).not.toHaveProperty('en');
    expect(app).not.toHaveProperty('id');
  });

  it('renames without touching the rest of the definition', () => {
    const app = {
      id: 'a1',
      name: { en: 'Old' },
      formatVersion: 1,
      forms: [{ id: 'f1', name: { en: 'F' }, fields: [] }],
    };
    const renamed = withBasics(app, { nameZh: '新', nameEn: 'New', icon: 'rocket' });
    expect(renamed).toEqual({ ...app, name: { 'zh-CN': '新', en: 'New' }, icon: 'rocket' });
    expect(basicsOf(renamed)).toEqual({ nameZh: '新', nameEn: 'New', icon: 'rocket' });
  });
});
