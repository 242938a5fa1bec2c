import type {
  AggregateDefinition,
  AppDefinition,
  FieldDefinition,
  FormDefinition,
  Widget,
} from '@tangram/schema';
import { widgetAggregate } from '@tangram/schema';

/**
 * An aggregate table seen as a form by the dashboard UI (decision 0036): its keys are text fields
 * (the server answers a record key by its title) and its measures number fields with the measure's
 * places, so labels, number formats and the editor's field list work as for a form's fields.
 */
export function aggregateAsForm(aggregate: AggregateDefinition): FormDefinition {
  const keys: FieldDefinition[] = aggregate.keys.map((k) => ({ id: k.id, type: 'text', label: k.label }));
  const measures: FieldDefinition[] = aggregate.measures.map((m) => ({
    id: m.id,
    type: 'number',
    label: m.label,
    config: { precision: m.decimals },
  }));
  return { id: aggregate.id, name: aggregate.name, fields: [...keys, ...measures] } as FormDefinition;
}

/** The form (or the aggregate table as a form) a widget reads; undefined for a text widget. */
export function widgetSourceForm(
  app: Pick<AppDefinition, 'forms' | 'aggregates'>,
  widget: Widget,
): FormDefinition | undefined {
  if (widget.type === 'text') return undefined;
  const aggregateId = widgetAggregate(widget);
  if (aggregateId !== undefined) {
    const aggregate = (app.aggregates ?? []).find((a) => a.id === aggregateId);
    return aggregate ? aggregateAsForm(aggregate) : undefined;
  }
  return 'form' in widget.source
    ? app.forms.find((f) => f.id === (widget.source as { form: string }).form)
    : undefined;
}
