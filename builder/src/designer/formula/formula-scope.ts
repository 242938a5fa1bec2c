import { fieldRegistry } from '@tangram/fields';
import type { EditorField } from '@tangram/formula';
import type { FieldDefinition, FormDefinition } from '@tangram/schema';
import { editorFields } from '../properties/editor-fields';

const pick = (t: { 'zh-CN'?: string; en?: string } | undefined, lang: string) =>
  (lang === 'en' ? (t?.en ?? t?.['zh-CN']) : (t?.['zh-CN'] ?? t?.en)) ?? '';

/** The subform a column belongs to, if `fieldId` is a subform column. */
function parentSubform(form: FormDefinition, fieldId: string): FieldDefinition | undefined {
  return form.fields.find(
    (f) => f.type === 'subform' && f.config.fields.some((c: FieldDefinition) => c.id === fieldId),
  );
}

/**
 * The fields a formula of `fieldId` may reference, in the order completion offers them.
 * A subform column's formula is computed per row with the row's values over the form's (the
 * runtime's and the server's row scope), so it sees its sibling columns by their plain ids first
 * (`{数量} * {单价}`), then the form's fields. Any other formula sees the form's fields, subform
 * columns as lists (`{订单明细.数量}`). The field itself is never offered (no self-reference).
 */
export function formulaScope(form: FormDefinition, lang: string, fieldId?: string): EditorField[] {
  const formFields = editorFields(form, lang, fieldId).map((f): EditorField => ({ ...f, scope: 'form' }));
  const sub = fieldId ? parentSubform(form, fieldId) : undefined;
  if (!sub || sub.type !== 'subform') return formFields;
  const siblings: EditorField[] = [];
  for (const c of sub.config.fields) {
    if (c.id === fieldId) continue;
    const type = fieldRegistry.of(c).formulaType(c as never);
    if (type) siblings.push({ id: c.id, label: pick(c.label, lang), type, scope: 'row' });
  }
  return [...siblings, ...formFields];
}
