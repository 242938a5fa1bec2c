/**
 * Which columns an export writes (pure): the requested columns (a view's visible ones, or a list
 * from the data view) that the exporter may see, in order, with headers in their language. Hidden
 * fields are never written: a requested hidden field is refused like an unknown one (it does not
 * exist for them). Subforms become their own sheet or extra rows (`SubformLayout`), keyed by the
 * parent's record id so an import can group the rows again.
 */
import type { FieldDefinition, FormDefinition, I18NText, ValidationIssue } from '@tangram/schema';
import { isSystemFieldName } from '@tangram/schema';
import { validationFailed } from '../http/app-error';

/** `sheet`: a second sheet per subform (xlsx only); `rows`: one row per subform row; `none`. */
export type SubformLayout = 'sheet' | 'rows' | 'none';

export interface ExportColumn {
  /** The field id, or a system field name. */
  id: string;
  header: string;
  field: FieldDefinition;
  /** Where relation titles are cached: the field id, or `subform.field`. */
  relationKey: string;
}

export interface SubformPart {
  id: string;
  /** The sheet's name (`sheet`) or the header prefix (`rows`). */
  name: string;
  columns: ExportColumn[];
}

export interface ColumnPlan {
  /** The parent's key column header, when subforms are written. */
  keyHeader: string | null;
  columns: ExportColumn[];
  subforms: SubformPart[];
  layout: SubformLayout;
}

const pick = (text: I18NText | undefined, locale: string, fallback: string): string =>
  (locale.startsWith('zh') ? (text?.['zh-CN'] ?? text?.en) : (text?.en ?? text?.['zh-CN'])) ?? fallback;

const l = (en: string, zh: string): I18NText => ({ en, 'zh-CN': zh });

/** System columns a view may show, as the field type whose cell they write. */
const SYSTEM_COLUMNS: Record<string, { type: 'text' | 'datetime' | 'member'; label: I18NText }> = {
  id: { type: 'text', label: l('Record ID', '记录ID') },
  createdAt: { type: 'datetime', label: l('Created at', '创建时间') },
  updatedAt: { type: 'datetime', label: l('Updated at', '更新时间') },
  createdBy: { type: 'member', label: l('Created by', '创建人') },
  updatedBy: { type: 'member', label: l('Updated by', '修改人') },
  ownerId: { type: 'member', label: l('Owner', '拥有者') },
  workflowStatus: { type: 'text', label: l('Approval status', '审批状态') },
};

/** Field types with no value of their own in a cell (layout) are skipped silently. */
const LAYOUT = new Set(['description', 'divider']);

function systemField(id: string): FieldDefinition {
  const s = SYSTEM_COLUMNS[id]!;
  return { id, type: s.type, label: s.label } as FieldDefinition;
}

/**
 * The columns of an export. `requested` undefined means every visible field in form order.
 * Unknown and hidden fields are 422 with their path; system fields are allowed.
 */
export function planColumns(
  form: FormDefinition,
  visible: readonly string[],
  requested: readonly string[] | undefined,
  layout: SubformLayout,
  locale: string,
): ColumnPlan {
  const seen = new Set(visible);
  const issues: ValidationIssue[] = [];
  const ids = requested ?? form.fields.filter((f) => seen.has(f.id)).map((f) => f.id);
  const columns: ExportColumn[] = [];
  const subforms: SubformPart[] = [];
  const used = new Set<string>();
  ids.forEach((id, i) => {
    if (used.has(id)) return;
    used.add(id);
    if (isSystemFieldName(id) && SYSTEM_COLUMNS[id]) {
      columns.push({
        id,
        header: pick(SYSTEM_COLUMNS[id].label, locale, id),
        field: systemField(id),
        relationKey: id,
      });
      return;
    }
    const field = form.fields.find((f) => f.id === id);
    if (!field || !seen.has(id)) {
      issues.push({ path: `/columns/${i}`, code: 'unknown_field', message: `unknown field "${id}"` });
      return;
    }
    if (LAYOUT.has(field.type)) return;
    if (field.type === 'subform') {
      if (layout === 'none') return;
      const name = pick(field.label, locale, field.id);
      subforms.push({
        id: field.id,
        name,
        columns: field.config.fields
          .filter((s) => !LAYOUT.has(s.type) && s.type !== 'subform')
          .map((s) => ({
            id: s.id,
            // As the import names subform columns ("Lines.SKU"), so its automatic mapping finds them.
            header:
              layout === 'rows' ? `${name}.${pick(s.label, locale, s.id)}` : pick(s.label, locale, s.id),
            field: s,
            relationKey: `${field.id}.${s.id}`,
          })),
      });
      return;
    }
    columns.push({ id, header: pick(field.label, locale, id), field, relationKey: id });
  });
  if (issues.length) throw validationFailed(issues, 'The export names fields that do not exist.');
  return {
    keyHeader: subforms.length ? pick(SYSTEM_COLUMNS.id!.label, locale, 'id') : null,
    columns,
    subforms,
    layout: subforms.length ? layout : 'none',
  };
}

/** Every relation field of the plan (top level and subform columns), keyed by relationKey. */
export function relationColumns(plan: ColumnPlan): ExportColumn[] {
  return [...plan.columns, ...plan.subforms.flatMap((s) => s.columns)].filter(
    (c) => c.field.type === 'relation',
  );
}
