/** JSON schemas of saved-view bodies. Filters and sorts are checked against the form afterwards. */

const MAX_COLUMNS = 300;

const fieldId = { type: 'string', minLength: 1, maxLength: 64 } as const;
const fieldList = { type: 'array', maxItems: 20, items: fieldId } as const;

/** The view kinds (decision 0039); a config without `kind` is a grid. */
export const VIEW_KINDS = ['grid', 'kanban', 'calendar', 'gallery'] as const;

/** Kind settings: which fields they name and of which types is checked against the form (view-kinds.ts). */
const kanbanSchema = {
  type: 'object',
  properties: {
    groupField: fieldId,
    cardFields: fieldList,
    sumField: fieldId,
    // Collapsed columns by group value ('' = the "no value" column).
    collapsed: { type: 'array', maxItems: 200, items: { type: 'string', maxLength: 200 } },
  },
  required: ['groupField'],
  additionalProperties: false,
} as const;

const calendarSchema = {
  type: 'object',
  properties: { dateField: fieldId, endField: fieldId, titleField: fieldId, colorField: fieldId },
  required: ['dateField'],
  additionalProperties: false,
} as const;

const gallerySchema = {
  type: 'object',
  properties: { coverField: fieldId, cardFields: fieldList },
  additionalProperties: false,
} as const;

/**
 * A view's layout and query: its kind, visible columns in order with widths (a grid's columns, the
 * card fields' fallback for the other kinds), filter AST, sort, page size and the kind's settings.
 */
export const viewConfigSchema = {
  type: 'object',
  properties: {
    kind: { enum: VIEW_KINDS },
    kanban: kanbanSchema,
    calendar: calendarSchema,
    gallery: gallerySchema,
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

/** `POST …/views/kanban/columns`: the board's columns with a count and a sum each. */
export const kanbanColumnsBody = {
  type: 'object',
  properties: { groupField: fieldId, sumField: fieldId, filter: { type: 'object', maxProperties: 8 } },
  required: ['groupField'],
  additionalProperties: false,
} as const;

const day = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;

/** `POST …/views/calendar/events`: records whose date (or span) meets the visible days. */
export const calendarEventsBody = {
  type: 'object',
  properties: {
    dateField: fieldId,
    endField: fieldId,
    from: day,
    to: day,
    filter: { type: 'object', maxProperties: 8 },
    limit: { type: 'integer', minimum: 1, maximum: 500 },
    cursor: { type: 'string', maxLength: 400 },
  },
  required: ['dateField', 'from', 'to'],
  additionalProperties: false,
} as const;
