import type { FieldDefinition, FormDefinition } from '@tangram/schema';
import type { JsonSchema, SchemaContext } from './field-type.js';
import type { FieldRegistry } from './registry.js';

export type RecordSchemaMode = 'create' | 'update';

/** Id of an existing subform row: rows with an id update that row, rows without one are new. */
const ROW_ID_SCHEMA = { type: 'string', minLength: 1, maxLength: 64 };

/**
 * Compiles a form definition into the JSON Schema of its records' `data` object: one property per
 * field, unknown properties refused. Computed fields (formula, lookup, serial) are listed as
 * read-only; a value sent for one is refused by `checkRecordData` with the field's name, since the
 * server computes it. Required fields are listed
 * for `create`; an update may send any subset. A value of `null` clears a field.
 */
export function compileRecordSchema(
  form: FormDefinition,
  registry: FieldRegistry,
  mode: RecordSchemaMode,
): JsonSchema {
  const ctx: SchemaContext = { rowSchema: (fields) => rowSchema(fields, registry, ctx, true) };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: typeof form.name.en === 'string' ? form.name.en : form.id,
    ...rowSchema(form.fields, registry, ctx, false),
    required: mode === 'create' ? requiredIds(form.fields, registry, conditionallyShown(form)) : [],
  };
}

function rowSchema(
  fields: readonly FieldDefinition[],
  registry: FieldRegistry,
  ctx: SchemaContext,
  isRow: boolean,
): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  if (isRow) properties.id = ROW_ID_SCHEMA;
  for (const field of fields) {
    const spec = registry.of(field);
    const value = spec.valueSchema(field as never, ctx);
    if (value) {
      const title = field.label.en ?? field.label['zh-CN'];
      properties[field.id] = { title, ...(field.required ? value : { anyOf: [value, { type: 'null' }] }) };
    } else if (spec.computed) {
      properties[field.id] = {
        readOnly: true,
        description: 'computed by the server; a value sent is refused',
      };
    }
  }
  return {
    type: 'object',
    properties,
    additionalProperties: false,
    ...(isRow ? { required: requiredIds(fields, registry) } : {}),
  };
}

/**
 * Required fields a record must carry. Hidden fields and fields shown only by a visibility rule
 * are left out: whether they are asked for depends on the record (see checkRecordData).
 */
function requiredIds(
  fields: readonly FieldDefinition[],
  registry: FieldRegistry,
  conditional: ReadonlySet<string> = new Set(),
): string[] {
  return fields
    .filter((f) => f.required && !f.hidden && !conditional.has(f.id) && registry.of(f).writable)
    .map((f) => f.id);
}

const conditionallyShown = (form: FormDefinition): Set<string> =>
  new Set((form.rules?.visibility ?? []).flatMap((rule) => rule.show));
