import type { StorageKind } from '@tangram/fields';
import type { Db } from '../db/db';
import { quoteIdent } from '../db/sql/ident';
import type { SyncStep } from './sync-plan';

export interface ConversionPreview {
  formId: string;
  fieldId: string;
  from: StorageKind;
  to: StorageKind;
  /** Count of stored values that would not convert (they would become empty). */
  failingCount: number;
  /** Up to 20 of them, for the designer to show. */
  failing: { recordId: string; value: string }[];
}

/**
 * Lists the values each planned type change would lose, using the very expression the change
 * applies, so the preview and the change cannot disagree.
 */
export async function previewConversions(db: Db, steps: readonly SyncStep[]): Promise<ConversionPreview[]> {
  const previews: ConversionPreview[] = [];
  for (const step of steps) {
    if (step.kind !== 'convertColumn') continue;
    const t = quoteIdent(step.table);
    const c = quoteIdent(step.column);
    const lost = `${c} IS NOT NULL AND (${step.expression}) IS NULL`;
    const [count, sample] = await Promise.all([
      db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t} WHERE ${lost}`),
      db.query<{ id: string; value: string }>(
        `SELECT id, ${c}::text AS value FROM ${t} WHERE ${lost} ORDER BY id LIMIT 20`,
      ),
    ]);
    previews.push({
      formId: step.formId,
      fieldId: step.fieldId,
      from: step.from,
      to: step.to,
      failingCount: count.rows[0]?.n ?? 0,
      failing: sample.rows.map((r) => ({ recordId: r.id, value: r.value })),
    });
  }
  return previews;
}
