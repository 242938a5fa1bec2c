import type { AppDefinition } from '@tangram/schema';

/** Fields (top-level or subform columns) whose type differs between the saved and the edited app. */
export function typeChanges(
  saved: AppDefinition,
  edited: AppDefinition,
): { formId: string; fieldId: string }[] {
  const out: { formId: string; fieldId: string }[] = [];
  const typesOf = (app: AppDefinition) => {
    const m = new Map<string, string>();
    for (const form of app.forms)
      for (const f of form.fields) {
        m.set(`${form.id}/${f.id}`, f.type);
        if (f.type === 'subform')
          for (const c of f.config.fields) m.set(`${form.id}/${f.id}.${c.id}`, c.type);
      }
    return m;
  };
  const before = typesOf(saved);
  for (const [key, type] of typesOf(edited)) {
    const old = before.get(key);
    if (old && old !== type) {
      const [formId = '', fieldId = ''] = key.split('/');
      out.push({ formId, fieldId: fieldId.split('.').pop() ?? fieldId });
    }
  }
  return out;
}
