/** JSON schemas of saved-view bodies. Filters and sorts are checked against the form afterwards. */

const MAX_COLUMNS = 300;

/** A view's layout and query: visible columns in order with widths, filter AST, sort, page size. */
export const viewConfigSchema = {
  type: 'object',
  properties: {
    columns: {
      type: 'array',
      maxItems: MAX_COLUMNS,
      items: {
        type: 'object',
        properties: {
          field: { type: 'string', minLength: 1, maxLength: 64 },
          width: { type: 'integer', minimum: 40, maximum: 1200 },
          hidden: { type: 'boolean' },
        },
        required: ['field'],
        additionalProperties: false,
      },
    },
    // Shape and fields are checked by checkFilter / checkSort against the form.
    filter: { type: 'object' },
    sort: { type: 'array', maxItems: 8 },
    q: { type: 'string', maxLength: 200 },
    pageSize: { type: 'integer', minimum: 10, maximum: 500 },
  },
  required: ['columns'],
  additionalProperties: false,
} as const;

const name = { type: 'string', minLength: 1, maxLength: 100, pattern: '\\S' } as const;

export const createViewBody = {
  type: 'object',
  properties: { name, shared: { type: 'boolean' }, config: viewConfigSchema },
  required: ['name', 'config'],
  additionalProperties: false,
} as const;

export const updateViewBody = {
  type: 'object',
  properties: { name, config: viewConfigSchema },
  minProperties: 1,
  additionalProperties: false,
} as const;
