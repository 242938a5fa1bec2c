import { fieldRegistry } from '@tangram/fields';
import type { EditorField } from '@tangram/formula';
import type { FormDefinition } from '@tangram/schema';

const pick = (t: { 'zh-CN'?: string; en?: string }, lang: string) =>
  (lang === 'en' ? (t.en ?? t['zh-CN']) : (t['zh-CN'] ?? t.en)) ?? '';

/**
 * Fields a formula of this form may reference, as the editor shows them: top-level fields by
 * label, subform columns as `Subform.Column` (`{lines.amount}`, a list inside formulas).
 */
export function editorFields(form: FormDefinition, lang: string, except?: string): EditorField[] {
  const out: EditorField[] = [];
  for (const f of form.fields) {
    if (f.id === except) continue;
    if (f.type === 'subform') {
      for (const c of f.config.fields) {
        const type = fieldRegistry.of(c).formulaType(c as never);
        if (!type || c.id === except) continue;
        out.push({
          id: `${f.id}.${c.id}`,
          label: `${pick(f.label, lang)}.${pick(c.label, lang)}`,
          type: typeof type === 'object' ? type : { array: type },
        });
      }
      continue;
    }
    const type = fieldRegistry.of(f).formulaType(f as never);
    if (type) out.push({ id: f.id, label: pick(f.label, lang), type });
  }
  return out;
}
