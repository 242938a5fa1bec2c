/**
 * Data linkage defaults (decision 0031): "take field X of the record in form F whose key fields
 * equal this form's fields Y" (`default.kind = 'linkage'`). The runtime fills such a field as the
 * user types through the linkage endpoint; on create the write door applies the same rule to every
 * field the client left empty, in the compute stage, so API, import and automation writes get it too.
 *
 * Both read as the writer (their grant, their view scope on form F): a linkage must not copy into
 * a record a value its author could not read on form F. A field they cannot see there, a source
 * form they cannot read, or no matching record leaves the field empty, without failing the write.
 */
import { fieldRegistry } from '@tangram/fields';
import type { FieldDefinition } from '@tangram/schema';
import type { FormContext } from '../../apps/app-cache';
import { AppError } from '../../http/app-error';
import type { RecordReader } from './reader';

type Linkage = Extract<NonNullable<FieldDefinition['default']>, { kind: 'linkage' }>;

const isEmpty = (v: unknown) =>
  v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/** The fields of a form with a linkage default. */
export const linkageFields = (
  fields: readonly FieldDefinition[],
): (FieldDefinition & { default: Linkage })[] =>
  fields.filter((f): f is FieldDefinition & { default: Linkage } => f.default?.kind === 'linkage');

/**
 * The linked value for `field` given this form's values, or null. A value that does not fit the
 * field (another storage kind) is not taken: a linkage never writes what validation would refuse.
 * Read refusals (hidden field 422, form not readable 403, unknown 404) answer null when `quiet`.
 */
export async function linkedValue(
  reader: RecordReader,
  ctx: FormContext,
  field: FieldDefinition & { default: Linkage },
  values: Readonly<Record<string, unknown>>,
): Promise<unknown> {
  const rule = field.default;
  const match = rule.match.map((m) => ({ field: m.source, value: values[m.target] }));
  if (match.some((m) => isEmpty(m.value))) return null;
  const ref = { appId: ctx.app.id, formId: rule.form };
  const value = await reader.linked(ref, { match, take: rule.take });
  if (value === null) return null;
  const source = (await reader.open(ref)).ctx.form.fields.find((f) => f.id === rule.take);
  return source && fits(source, field) ? value : null;
}

/** Same storage kind on both sides (a text field may take any scalar: it shows its text). */
function fits(source: FieldDefinition, target: FieldDefinition): boolean {
  const from = fieldRegistry.of(source).storage(source as never);
  const to = fieldRegistry.of(target).storage(target as never);
  return from !== null && from === to && fieldRegistry.of(target).writable;
}

/**
 * Applies every linkage default whose field the new record leaves empty, reading as the writer.
 * Returns the data with the linked values set.
 */
export async function applyLinkageDefaults(
  reader: RecordReader,
  ctx: FormContext,
  data: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const fields = linkageFields(ctx.form.fields);
  if (fields.length === 0) return data;
  const out = { ...data };
  for (const field of fields) {
    if (!isEmpty(out[field.id])) continue;
    try {
      const value = await linkedValue(reader, ctx, field, out);
      if (value !== null) out[field.id] = value;
    } catch (error) {
      // The writer cannot read the source (form, field or app): the field simply stays empty.
      if (error instanceof AppError && [403, 404, 422].includes(error.status)) continue;
      throw error;
    }
  }
  return out;
}
