import type { AppDefinition, I18NText, NavItem } from '@tangram/schema';

type NavLink = Exclude<NavItem, { kind: 'group' }>;
type NavGroup = Extract<NavItem, { kind: 'group' }>;

/** Sortable ids: `link:<kind>:<target>` for a link, `group:<id>` for a group head, `body:<id>` for a group's list. */
export const linkKey = (l: NavLink) => `link:${l.kind}:${l.target}`;
export const groupKey = (g: NavGroup) => `group:${g.id}`;
export const bodyKey = (groupId: string) => `body:${groupId}`;

/** Where an item sits: the group holding it (undefined: top level) and its index there. */
function locate(nav: readonly NavItem[], key: string): { group?: string; index: number } | null {
  for (let i = 0; i < nav.length; i++) {
    const item = nav[i] as NavItem;
    if (item.kind === 'group') {
      if (groupKey(item) === key) return { index: i };
      const j = item.items.findIndex((l) => linkKey(l) === key);
      if (j >= 0) return { group: item.id, index: j };
    } else if (linkKey(item) === key) return { index: i };
  }
  return null;
}

/**
 * Moves the item `active` to where `over` is (dnd-kit sortable semantics: it takes over's place).
 * Over a group's body (or a link inside a group) a link goes into that group; groups stay at the
 * top level. Returns the navigation unchanged when the move makes no sense.
 */
export function moveNav(nav: readonly NavItem[], active: string, over: string): NavItem[] {
  if (active === over) return [...nav];
  const from = locate(nav, active);
  if (!from) return [...nav];
  const item =
    from.group === undefined
      ? (nav[from.index] as NavItem)
      : ((nav.find((g) => g.kind === 'group' && g.id === from.group) as NavGroup).items[
          from.index
        ] as NavLink);
  // Destination: a group (its body, or a link in it) or the top level.
  let dest: { group?: string; index: number } | null;
  if (over.startsWith('body:')) {
    const id = over.slice('body:'.length);
    const g = nav.find((i): i is NavGroup => i.kind === 'group' && i.id === id);
    dest = g ? { group: id, index: g.items.length } : null;
  } else dest = locate(nav, over);
  if (!dest) return [...nav];
  if (item.kind === 'group' && dest.group !== undefined) {
    // A group dragged over a link inside a group: take that group's place at the top level.
    dest = locate(nav, `group:${dest.group}`);
    if (!dest) return [...nav];
  }
  const sameList = from.group === dest.group;
  // Take out.
  let next: NavItem[] =
    from.group === undefined
      ? nav.filter((_, i) => i !== from.index)
      : nav.map((i) =>
          i.kind === 'group' && i.id === from.group
            ? { ...i, items: i.items.filter((_, j) => j !== from.index) }
            : i,
        );
  // In the same list, over's index already counts the item's old place (arrayMove semantics).
  const index = dest.index;
  if (dest.group === undefined) {
    const at = sameList ? index : Math.min(index, next.length);
    next = [...next.slice(0, at), item, ...next.slice(at)];
  } else {
    next = next.map((i) => {
      if (i.kind !== 'group' || i.id !== dest.group) return i;
      const at = Math.min(index, i.items.length);
      return { ...i, items: [...i.items.slice(0, at), item as NavLink, ...i.items.slice(at)] };
    });
  }
  return next;
}

/** A new empty group at the end, with an unused id. */
export function withNavGroup(nav: readonly NavItem[], label: I18NText): { nav: NavItem[]; id: string } {
  const ids = new Set(nav.filter((i) => i.kind === 'group').map((g) => g.id));
  let n = 1;
  while (ids.has(`group_${n}`)) n++;
  const id = `group_${n}`;
  return { nav: [...nav, { kind: 'group', id, label, items: [] }], id };
}

export function withGroupLabel(nav: readonly NavItem[], id: string, label: I18NText): NavItem[] {
  return nav.map((i) => (i.kind === 'group' && i.id === id ? { ...i, label } : i));
}

/** The navigation without group `id`; its links move to the top level where the group was. */
export function withoutGroup(nav: readonly NavItem[], id: string): NavItem[] {
  return nav.flatMap((i) => (i.kind === 'group' && i.id === id ? i.items : [i]));
}

export const withNavigation = (app: AppDefinition, navigation: NavItem[]): AppDefinition => ({
  ...app,
  navigation,
});
