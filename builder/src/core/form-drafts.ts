import type { AppDefinition, FormDefinition, I18NText, NavItem } from '@tangram/schema';

/** A new empty form with an unused id, added to the app and to its navigation. */
export function withNewForm(
  app: AppDefinition,
  name: I18NText,
): { app: AppDefinition; form: FormDefinition } {
  const ids = new Set(app.forms.map((f) => f.id));
  let n = app.forms.length + 1;
  while (ids.has(`form_${n}`)) n++;
  const form: FormDefinition = { id: `form_${n}`, name, fields: [] };
  const navigation: NavItem[] = [...(app.navigation ?? []), { kind: 'form', target: form.id }];
  return { app: { ...app, forms: [...app.forms, form], navigation }, form };
}

export function withFormName(app: AppDefinition, formId: string, name: I18NText): AppDefinition {
  return { ...app, forms: app.forms.map((f) => (f.id === formId ? { ...f, name } : f)) };
}

const dropTarget = (items: NavItem[], target: string): NavItem[] =>
  items
    .filter((i) => i.kind === 'group' || i.target !== target)
    .map((i) => (i.kind === 'group' ? { ...i, items: i.items.filter((l) => l.target !== target) } : i));

/** The app without the form, and without navigation entries pointing at it. */
export function withoutForm(app: AppDefinition, formId: string): AppDefinition {
  return {
    ...app,
    forms: app.forms.filter((f) => f.id !== formId),
    navigation: dropTarget(app.navigation ?? [], formId),
  };
}

/** Top-level navigation with entry `index` moved by `delta` places. */
export function withNavMoved(app: AppDefinition, index: number, delta: number): AppDefinition {
  const nav = [...(app.navigation ?? [])];
  const to = index + delta;
  if (to < 0 || to >= nav.length) return app;
  const [item] = nav.splice(index, 1);
  if (item) nav.splice(to, 0, item);
  return { ...app, navigation: nav };
}

export function withNavToggled(app: AppDefinition, formId: string, shown: boolean): AppDefinition {
  const nav = dropTarget(app.navigation ?? [], formId);
  return { ...app, navigation: shown ? [...nav, { kind: 'form', target: formId }] : nav };
}
