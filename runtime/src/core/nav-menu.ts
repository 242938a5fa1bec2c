import type { AppDefinition, I18NText } from '@tangram/schema';

/** What a menu entry opens: a form, a dashboard or an aggregate table's balances. */
export type NavKind = 'form' | 'dashboard' | 'aggregate';

/** One menu entry of the player's app navigation (`<kind>:<id>`). */
export interface NavEntry {
  key: string;
  kind: NavKind;
  id: string;
  name: I18NText;
}

/** A group of entries; `label: null` is the built-in "Dashboards" group. */
export interface NavGroupNode {
  group: string;
  label: I18NText | null;
  items: NavEntry[];
}

export type NavNode = NavEntry | NavGroupNode;

export const isGroup = (n: NavNode): n is NavGroupNode => 'group' in n;

/**
 * The player's menu from `app.navigation`: its entries and groups in order (entries pointing at
 * nothing and empty groups left out). An app without navigation lists every form. Dashboards the
 * navigation does not mention are listed in a "Dashboards" group at the end.
 */
export function navMenu(app: AppDefinition): NavNode[] {
  const forms = new Map((app.forms ?? []).map((f) => [f.id, f]));
  const targets: Record<NavKind, Map<string, { name: I18NText }>> = {
    form: forms,
    dashboard: new Map((app.dashboards ?? []).map((d) => [d.id, d])),
    aggregate: new Map((app.aggregates ?? []).map((a) => [a.id, a])),
  };
  const seen = new Set<string>();
  const entry = (kind: NavKind, id: string): NavEntry | null => {
    const target = targets[kind].get(id);
    const key = `${kind}:${id}`;
    if (!target || seen.has(key)) return null;
    seen.add(key);
    return { key, kind, id, name: target.name };
  };
  const nodes: NavNode[] = [];
  const nav = app.navigation ?? [];
  if (nav.length === 0) {
    for (const f of app.forms ?? []) nodes.push(entry('form', f.id) as NavEntry);
  } else {
    for (const item of nav) {
      if (item.kind === 'group') {
        const items = item.items.map((l) => entry(l.kind, l.target)).filter((e): e is NavEntry => !!e);
        if (items.length) nodes.push({ group: item.id, label: item.label, items });
      } else {
        const e = entry(item.kind, item.target);
        if (e) nodes.push(e);
      }
    }
  }
  const rest = (app.dashboards ?? []).map((d) => entry('dashboard', d.id)).filter((e): e is NavEntry => !!e);
  if (rest.length) nodes.push({ group: 'dashboards', label: null, items: rest });
  return nodes;
}

/** Every entry of the menu in reading order. */
export const navEntries = (nodes: readonly NavNode[]): NavEntry[] =>
  nodes.flatMap((n) => (isGroup(n) ? n.items : [n]));
