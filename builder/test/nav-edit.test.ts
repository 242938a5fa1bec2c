import type { NavItem } from '@tangram/schema';
import { describe, expect, it } from 'vitest';
import { moveNav, withGroupLabel, withNavGroup, withoutGroup } from '../src/core/nav-edit';

const f = (target: string): NavItem => ({ kind: 'form', target });
const nav: NavItem[] = [
  f('a'),
  { kind: 'group', id: 'g1', label: { en: 'Sales' }, items: [{ kind: 'form', target: 'b' }] },
  f('c'),
  { kind: 'dashboard', target: 'd' },
];
/** Compact shape: links by target, groups as { id: [targets] }. */
const shape = (n: NavItem[]) =>
  n.map((i) => (i.kind === 'group' ? { [i.id]: i.items.map((l) => l.target) } : i.target));

describe('navigation editing', () => {
  it('reorders top-level entries and groups like a sortable list', () => {
    expect(shape(moveNav(nav, 'link:form:a', 'link:form:c'))).toEqual([{ g1: ['b'] }, 'c', 'a', 'd']);
    expect(shape(moveNav(nav, 'link:dashboard:d', 'link:form:a'))).toEqual(['d', 'a', { g1: ['b'] }, 'c']);
    expect(shape(moveNav(nav, 'group:g1', 'link:form:a'))).toEqual([{ g1: ['b'] }, 'a', 'c', 'd']);
  });

  it('moves links into and out of groups; groups never nest', () => {
    expect(shape(moveNav(nav, 'link:form:c', 'body:g1'))).toEqual(['a', { g1: ['b', 'c'] }, 'd']);
    expect(shape(moveNav(nav, 'link:form:a', 'link:form:b'))).toEqual([{ g1: ['a', 'b'] }, 'c', 'd']);
    expect(shape(moveNav(nav, 'link:form:b', 'link:dashboard:d'))).toEqual(['a', { g1: [] }, 'c', 'b', 'd']);
    const two = withNavGroup(nav, { en: 'Ops' }).nav;
    expect(shape(moveNav(two, 'group:g1', 'body:group_1'))).toEqual([
      'a',
      'c',
      'd',
      { group_1: [] },
      { g1: ['b'] },
    ]);
    expect(shape(moveNav(nav, 'link:form:x', 'body:g1'))).toEqual(shape(nav));
  });

  it('creates, renames and removes groups (their entries stay)', () => {
    const { nav: next, id } = withNavGroup(nav, { 'zh-CN': '运营' });
    expect(id).toBe('group_1');
    expect(next.at(-1)).toEqual({ kind: 'group', id: 'group_1', label: { 'zh-CN': '运营' }, items: [] });
    expect(withGroupLabel(nav, 'g1', { en: 'Deals' })[1]).toMatchObject({ label: { en: 'Deals' } });
    expect(shape(withoutGroup(nav, 'g1'))).toEqual(['a', 'b', 'c', 'd']);
  });
});
