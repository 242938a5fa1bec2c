import type { FieldDefinition } from '@tangram/client';
import { describe, expect, it } from 'vitest';
import { authorName, formatCell, formatSystem, type Directory } from '../../src/views/core/format-cell';

const dir: Directory = {
  users: new Map([['usr_1', '王芳']]),
  departments: new Map([['dep_1', '销售部']]),
  publicLink: '公开链接',
};

describe('who wrote a record', () => {
  it('names a member, a public link, or keeps an unknown id', () => {
    expect(formatSystem('createdBy', 'usr_1', dir)).toBe('王芳');
    expect(formatSystem('createdBy', 'pfl_01hx', dir)).toBe('公开链接');
    expect(formatSystem('createdBy', 'usr_gone', dir)).toBe('usr_gone');
    expect(authorName('pfl_01hx', { ...dir, publicLink: undefined })).toBeUndefined();
    expect(authorName(null, dir)).toBeUndefined();
  });

  it('does not call a member field holding a link-like id a public link', () => {
    const member = { id: 'm', type: 'member', label: 'm' } as unknown as FieldDefinition;
    expect(formatCell(member, 'pfl_01hx', 'zh-CN', dir)).toBe('pfl_01hx');
    const dept = { id: 'd', type: 'department', label: 'd' } as unknown as FieldDefinition;
    expect(formatCell(dept, 'dep_1', 'zh-CN', dir)).toBe('销售部');
  });
});
