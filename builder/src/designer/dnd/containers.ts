import { containerIds, fieldIds, type NewContainer } from '../store/commands';
import { selectForm } from '../store/context';
import type { EditorState } from '../store/editor-store';
import { treeOf } from '../store/layout';

/** Default titles of new containers, in both languages. */
export const CONTAINER_TITLES = {
  section: { 'zh-CN': '分组', en: 'Section' },
  tab: (n: number) => ({ 'zh-CN': `标签页 ${n}`, en: `Tab ${n}` }),
};

/** A readable id not used by the form's fields or containers: `section_1`, `tab_2`... */
export function nextContainerId(taken: ReadonlySet<string>, prefix: string): string {
  for (let n = 1; ; n++) if (!taken.has(`${prefix}_${n}`)) return `${prefix}_${n}`;
}

/** Adds an empty section or a tab group of two panes at top-level `index` and selects it. */
export function addContainer(state: EditorState, kind: 'section' | 'tabs', index: number) {
  const form = selectForm(state);
  const taken = new Set([...fieldIds(form), ...containerIds(treeOf(form))]);
  const take = (prefix: string) => {
    const id = nextContainerId(taken, prefix);
    taken.add(id);
    return id;
  };
  const container: NewContainer =
    kind === 'section'
      ? { kind, id: take('section'), title: { ...CONTAINER_TITLES.section } }
      : {
          kind,
          id: take('tabs'),
          tabs: [1, 2].map((n) => ({ id: take('tab'), title: CONTAINER_TITLES.tab(n) })),
        };
  const result = state.dispatch({ type: 'addContainer', formId: form.id, container, index });
  if (result.ok) state.select(container.id);
  return result;
}
