import type { FieldDefinition, FormDefinition, RecordDto } from '@tangram/client';
import type { ReactNode } from 'react';
import { formatSystem, type Directory } from '../core/format-cell';
import { FieldValue } from './field-value';
import { fieldLabel } from './filter-builder';
import { recordTitle } from './record-drawer';
import { useViewTexts } from './texts';
import { WorkflowStatusTag } from './workflow-status-tag';

/** Card fields when a view chose none: the first visible columns other than the title. */
export function defaultCardFields(
  form: FormDefinition,
  columns: readonly { field: string; hidden?: boolean }[],
) {
  return columns
    .filter((c) => !c.hidden && c.field !== form.titleField)
    .slice(0, 3)
    .map((c) => c.field);
}

export interface CardBodyProps {
  form: FormDefinition;
  record: RecordDto;
  fields: readonly string[];
  directory: Directory;
  related?: ReadonlyMap<string, FieldDefinition>;
  /** Shown above the title (a gallery's cover). */
  cover?: ReactNode;
}

/**
 * A record as a card: its title and the chosen fields, each formatted as the table formats it
 * (the field-type registry), so a kanban card, a gallery card and a grid cell agree.
 */
export function CardBody({ form, record, fields, directory, related, cover }: CardBodyProps) {
  const { tx, lang } = useViewTexts();
  return (
    <>
      {cover}
      <div className="tg-kcard-title">{recordTitle(form, record, lang, directory, tx.noAccess)}</div>
      {fields.map((ref) => {
        const field = form.fields?.find((f) => f.id === ref);
        const value = field ? (
          <FieldValue field={field} record={record} directory={directory} related={related} mode="cell" />
        ) : ref === 'workflowStatus' ? (
          <WorkflowStatusTag status={record.workflowStatus} />
        ) : (
          formatSystem(ref, (record as unknown as Record<string, unknown>)[ref], directory)
        );
        return (
          <div key={ref} className="tg-kcard-line">
            <span className="tg-kcard-label">{fieldLabel(form, ref, lang, tx)}</span>
            <span className="tg-kcard-value">{value}</span>
          </div>
        );
      })}
    </>
  );
}
