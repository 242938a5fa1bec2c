import { readFileSync } from 'node:fs';
import type { Grant } from '@tangram/acl';
import { compileRecordSchema, fieldRegistry } from '@tangram/fields';
import type { AppDefinition, FieldDefinition, FormDefinition } from '@tangram/schema';
import { MAX_BATCH } from '../records/records.service';
import { exampleOf } from './examples';

/**
 * The OpenAPI 3.1 description of one app as one caller may use it (decision 0046): a path set per
 * form the caller may view, with the form's record schemas restricted to the fields their grant
 * shows (and, for writes, lets them edit), the filter language, the error shape and the app's
 * incoming-webhook triggers. Pure: the caller's grants are computed by the route.
 */
type Schema = Record<string, unknown>;
export type Locale = 'en' | 'zh-CN';

export interface DocumentForm {
  form: FormDefinition;
  grant: Grant;
}

export interface WebhookTriggerDoc {
  automationId: string;
  name: string;
  formId: string;
  /** The JSON pointers the trigger reads, with the field each fills. */
  map: { field: string; pointer: string }[];
}

export interface DocumentInput {
  app: AppDefinition;
  forms: DocumentForm[];
  locale: Locale;
  webhooks: WebhookTriggerDoc[];
}

const text = (value: unknown, locale: Locale): string => {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const map = value as Record<string, unknown>;
    const pick = map[locale] ?? map.en ?? map['zh-CN'] ?? Object.values(map)[0];
    if (typeof pick === 'string') return pick;
  }
  return '';
};

/** Component names allow `[A-Za-z0-9._-]`; ids are that already, this only guards. */
const safe = (id: string) => id.replace(/[^A-Za-z0-9._-]/g, '_');

let querySchemas: Record<string, Schema> | null = null;

/** The filter language (packages/schema query.schema.json), as components `Query.<Name>`. */
function queryComponents(): Record<string, Schema> {
  if (querySchemas) return querySchemas;
  const file = new URL('../../../packages/schema/schemas/query.schema.json', import.meta.url);
  const raw = readFileSync(file, 'utf8').replace(
    /"#\/\$defs\/([A-Za-z0-9_]+)"/g,
    '"#/components/schemas/Query.$1"',
  );
  const defs = (JSON.parse(raw) as { $defs: Record<string, Schema> }).$defs;
  querySchemas = Object.fromEntries(Object.entries(defs).map(([name, s]) => [`Query.${name}`, s]));
  return querySchemas;
}

const ERROR_SCHEMA: Schema = {
  type: 'object',
  description: 'Every error answer. `details` name the bad values by JSON pointer (at most 50).',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', examples: ['validation_failed'] },
        message: { type: 'string' },
        details: {
          type: 'array',
          items: {
            type: 'object',
            required: ['path', 'code', 'message'],
            properties: { path: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } },
          },
        },
        detailsTruncated: { type: 'boolean' },
        detailsTotal: { type: 'integer' },
      },
    },
  },
};

const ERROR_TEXT: Record<string, string> = {
  '400': 'Invalid request; `error.details` name each bad value',
  '401': 'No, unknown, revoked or expired API key',
  '403': 'The key or its owner may not do this',
  '404': 'Not found, or not visible to the caller',
  '409': 'Conflict: stale version or duplicate unique value',
  '429': 'Rate limited; wait `Retry-After` seconds',
};

function errors(...codes: string[]): Record<string, unknown> {
  return Object.fromEntries(
    codes.map((code) => [
      code,
      {
        description: ERROR_TEXT[code],
        ...(code === '429'
          ? { headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds to wait' } } }
          : {}),
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      },
    ]),
  );
}

const json = (schema: Schema, example?: unknown) => ({
  content: { 'application/json': { schema, ...(example !== undefined ? { example } : {}) } },
});
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/**
 * The form's record `data` schema for `mode`, with only the fields in `keep`; titles in `locale`,
 * select options listed with their labels, an example per field.
 */
export function formDataSchema(
  form: FormDefinition,
  mode: 'create' | 'update' | 'read',
  keep: ReadonlySet<string>,
  locale: Locale,
): Schema {
  const compiled = compileRecordSchema(
    form,
    fieldRegistry,
    mode === 'create' ? 'create' : 'update',
  ) as Schema;
  const props = (compiled.properties ?? {}) as Record<string, Schema>;
  const byId = new Map(form.fields.map((f) => [f.id, f]));
  const properties: Record<string, Schema> = {};
  for (const [id, prop] of Object.entries(props)) {
    if (!keep.has(id)) continue;
    // Computed fields are answered on reads but never accepted.
    if (prop.readOnly && mode !== 'read') continue;
    const field = byId.get(id);
    properties[id] = field ? describeField(field, prop, locale) : prop;
  }
  const required = ((compiled.required ?? []) as string[]).filter((id) => id in properties);
  const schema: Schema = {
    type: 'object',
    title: text(form.name, locale) || form.id,
    properties,
    additionalProperties: false,
    ...(required.length ? { required } : {}),
  };
  const example = exampleOf(schema);
  return example === undefined ? schema : { ...schema, examples: [example] };
}

function describeField(field: FieldDefinition, prop: Schema, locale: Locale): Schema {
  const out: Schema = { ...prop, title: text(field.label, locale) || field.id };
  const options = (field as { config?: { options?: unknown } }).config?.options;
  if (Array.isArray(options) && options.length) {
    const lines = (options as { value: string; label: unknown }[]).map(
      (o) => `\`${o.value}\`: ${text(o.label, locale)}`,
    );
    out.description = `${typeof out.description === 'string' ? `${out.description}\n\n` : ''}Options: ${lines.join(', ')}`;
  }
  const description = text(field.description, locale);
  if (description)
    out.description = `${description}${out.description ? `\n\n${String(out.description)}` : ''}`;
  return out;
}

function recordSchema(dataRef: string): Schema {
  const nullableText = { type: ['string', 'null'] };
  return {
    type: 'object',
    required: ['id', 'version', 'createdAt', 'updatedAt', 'data'],
    properties: {
      id: { type: 'string' },
      version: { type: 'integer', minimum: 1, description: 'Send it back with a PATCH (optimistic locking)' },
      createdAt: { type: 'string', format: 'date-time' },
      createdBy: nullableText,
      updatedAt: { type: 'string', format: 'date-time' },
      updatedBy: nullableText,
      ownerId: nullableText,
      workflowStatus: {
        anyOf: [{ enum: ['running', 'approved', 'rejected', 'withdrawn'] }, { type: 'null' }],
      },
      deletedAt: { type: ['string', 'null'], format: 'date-time' },
      data: ref(dataRef),
    },
  };
}

const LIST_QUERY: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    filter: ref('Query.Filter'),
    sort: { type: 'array', items: ref('Query.SortKey'), maxItems: 10 },
    q: { type: 'string', maxLength: 200, description: 'Text search over the form’s text fields' },
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
    cursor: { type: 'string', description: 'The `nextCursor` of the previous page' },
    count: { anyOf: [{ type: 'boolean' }, { enum: ['exact', 'capped', 'estimate'] }] },
  },
};

export function buildOpenApi(input: DocumentInput): Schema {
  const { app, locale } = input;
  const schemas: Record<string, Schema> = {
    Error: ERROR_SCHEMA,
    ListQuery: LIST_QUERY,
    ...queryComponents(),
  };
  const paths: Record<string, Schema> = {};
  const tags: Schema[] = [];
  for (const { form, grant } of input.forms) {
    if (!grant.actions.includes('view')) continue;
    const name = safe(form.id);
    const tag = text(form.name, locale) || form.id;
    tags.push({ name: tag, description: `Form \`${form.id}\`` });
    const visible = new Set(grant.fields.visible);
    const editable = new Set(grant.fields.editable);
    schemas[`${name}.Data`] = formDataSchema(form, 'read', visible, locale);
    schemas[`${name}.Record`] = recordSchema(`${name}.Data`);
    schemas[`${name}.Page`] = {
      type: 'object',
      required: ['items', 'nextCursor'],
      properties: {
        items: { type: 'array', items: ref(`${name}.Record`) },
        nextCursor: { type: ['string', 'null'] },
        total: { type: 'integer' },
        totalKind: {
          enum: ['exact', 'atLeast', 'estimate'],
          description: '`atLeast`: a capped count (there are more); `estimate`: the planner’s estimate',
        },
      },
    };
    const canCreate = grant.actions.includes('create');
    const canEdit = grant.actions.includes('edit');
    const canDelete = grant.actions.includes('delete');
    if (canCreate) schemas[`${name}.Create`] = formDataSchema(form, 'create', editable, locale);
    if (canEdit) schemas[`${name}.Update`] = formDataSchema(form, 'update', editable, locale);
    const base = `/apps/${app.id}/forms/${form.id}/records`;
    const op = (id: string, summary: string, extra: Schema) => ({
      operationId: `${name}.${id}`,
      tags: [tag],
      summary,
      ...extra,
    });
    const recordAnswer = (status: string, description: string) => ({
      [status]: {
        description,
        ...json({ type: 'object', required: ['record'], properties: { record: ref(`${name}.Record`) } }),
      },
    });
    const createBody = {
      type: 'object',
      required: ['data'],
      additionalProperties: false,
      properties: { data: ref(`${name}.Create`) },
    };
    paths[base] = {
      get: op('list', `List ${tag} records`, {
        parameters: [
          {
            name: 'filter',
            in: 'query',
            description: 'A filter of the query language, as JSON',
            content: { 'application/json': { schema: ref('Query.Filter') } },
          },
          {
            name: 'sort',
            in: 'query',
            description: 'Field ids, comma-separated; `-` before one sorts descending',
            schema: { type: 'string' },
          },
          { name: 'q', in: 'query', schema: { type: 'string', maxLength: 200 } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
          { name: 'cursor', in: 'query', schema: { type: 'string' } },
          {
            name: 'count',
            in: 'query',
            description:
              '`true` or `exact`: the exact total; `capped`: exact up to 10,000, else `totalKind: atLeast`; `estimate`: the planner’s estimate for large sets',
            schema: { anyOf: [{ type: 'boolean' }, { enum: ['exact', 'capped', 'estimate'] }] },
          },
        ],
        responses: {
          '200': { description: 'One page', ...json(ref(`${name}.Page`)) },
          ...errors('400', '401', '404', '429'),
        },
      }),
      ...(canCreate
        ? {
            post: op('create', `Create a ${tag} record`, {
              requestBody: {
                required: true,
                ...json(createBody, { data: exampleOf(schemas[`${name}.Create`]) }),
              },
              responses: {
                ...recordAnswer('201', 'Created'),
                ...errors('400', '401', '403', '404', '409', '429'),
              },
            }),
          }
        : {}),
    };
    paths[`${base}/query`] = {
      post: op('query', `Query ${tag} records (filter in the body)`, {
        requestBody: { required: true, ...json(ref('ListQuery')) },
        responses: {
          '200': { description: 'One page', ...json(ref(`${name}.Page`)) },
          ...errors('400', '401', '404', '429'),
        },
      }),
    };
    if (canCreate)
      paths[`${base}/batch`] = {
        post: op('batch', `Create up to ${MAX_BATCH} ${tag} records at once`, {
          parameters: [
            {
              name: 'return',
              in: 'query',
              description:
                '`ids` (default): answer with each record’s id and version only; `records`: the created records as a read shows them',
              schema: { enum: ['ids', 'records'], default: 'ids' },
            },
          ],
          requestBody: {
            required: true,
            ...json({
              type: 'object',
              required: ['items'],
              additionalProperties: false,
              properties: { items: { type: 'array', minItems: 1, maxItems: MAX_BATCH, items: createBody } },
            }),
          },
          responses: {
            '201': {
              description: 'Created, in order',
              ...json({
                type: 'object',
                properties: {
                  records: {
                    type: 'array',
                    items: {
                      anyOf: [
                        ref(`${name}.Record`),
                        {
                          type: 'object',
                          required: ['id', 'version'],
                          properties: { id: { type: 'string' }, version: { type: 'integer' } },
                        },
                      ],
                    },
                  },
                },
              }),
            },
            ...errors('400', '401', '403', '404', '409', '429'),
          },
        }),
      };
    const idParam = [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }];
    paths[`${base}/{id}`] = {
      parameters: idParam,
      get: op('get', `Read a ${tag} record`, {
        responses: { ...recordAnswer('200', 'The record'), ...errors('401', '404', '429') },
      }),
      ...(canEdit
        ? {
            patch: op('update', `Change a ${tag} record`, {
              requestBody: {
                required: true,
                ...json({
                  type: 'object',
                  required: ['data', 'version'],
                  additionalProperties: false,
                  properties: { data: ref(`${name}.Update`), version: { type: 'integer', minimum: 1 } },
                }),
              },
              responses: {
                ...recordAnswer('200', 'Changed'),
                ...errors('400', '401', '403', '404', '409', '429'),
              },
            }),
          }
        : {}),
      ...(canDelete
        ? {
            delete: op('delete', `Move a ${tag} record to the recycle bin`, {
              responses: { '204': { description: 'Deleted' }, ...errors('401', '403', '404', '429') },
            }),
          }
        : {}),
    };
  }
  if (input.webhooks.length) {
    const examples: Record<string, unknown> = {};
    for (const hook of input.webhooks)
      examples[safe(hook.automationId)] = {
        summary: `${hook.name} → ${hook.formId}`,
        value: bodyFromPointers(hook.map),
      };
    paths['/hooks/{token}'] = {
      post: {
        operationId: 'webhook.incoming',
        tags: ['Webhooks'],
        summary: 'Start an automation from another system',
        description:
          'Each automation with a webhook trigger has its own secret URL (an app admin copies it from the automation designer). ' +
          'The JSON body is mapped to form fields by JSON pointers; the examples show what each automation of this app reads. ' +
          'No API key: the token in the URL is the credential.',
        security: [],
        parameters: [{ name: 'token', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { type: 'object' }, examples } },
        },
        responses: {
          '202': {
            description: 'Accepted; the automation runs shortly',
            ...json({
              type: 'object',
              properties: { accepted: { const: true }, eventId: { type: 'string' } },
            }),
          },
          ...errors('400', '404', '429'),
        },
      },
    };
    tags.push({ name: 'Webhooks', description: 'Incoming webhook triggers of automations' });
  }
  return {
    openapi: '3.1.0',
    info: {
      title: text(app.name, locale) || app.id,
      version: String(app.version ?? 1),
      description:
        'Generated from the app’s forms for the caller: only the forms and fields they may see are listed. ' +
        'Authenticate with `Authorization: Bearer <API key>`. Filters use the query language under `Query.Filter`.',
    },
    servers: [{ url: '/api/v1' }],
    security: [{ apiKey: [] }],
    tags,
    paths,
    components: {
      schemas,
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An API key (tgk_…)' } },
    },
  };
}

/** An example body holding a placeholder at each JSON pointer. */
function bodyFromPointers(map: { field: string; pointer: string }[]): unknown {
  const root: Record<string, unknown> = {};
  for (const { field, pointer } of map.slice(0, 50)) {
    const parts = pointer
      .split('/')
      .slice(1)
      .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (!parts.length || parts.some((p) => p === '__proto__')) continue;
    let at = root;
    for (const part of parts.slice(0, -1)) {
      const next = at[part];
      if (!next || typeof next !== 'object') at[part] = {};
      at = at[part] as Record<string, unknown>;
    }
    at[parts.at(-1)!] = `<${field}>`;
  }
  return root;
}
