/** JSON schemas of saved-view bodies. Filters and sorts are checked against the form afterwards. */

const fieldId = { type: 'string', minLength: 1, maxLength: 64 } as const;

/**
 * A view's config is checked against view.schema.json in @tangram/schema (parseViewConfig, one
 * format for the studio, the client and this API) and then against the form (views.service.ts).
 */
const viewConfigSchema = { type: 'object' } as const;

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

/** `PUT …/views/order`: every shared view of the form, in the order the studio shows them. */
export const viewOrderBody = {
  type: 'object',
  properties: {
    ids: { type: 'array', maxItems: 500, items: { type: 'string', minLength: 1, maxLength: 64 } },
  },
  required: ['ids'],
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

/** `POST …/views/gantt/bars`: records whose span meets the visible days (at most a year). */
export const ganttBarsBody = {
  type: 'object',
  properties: {
    startField: fieldId,
    endField: fieldId,
    from: day,
    to: day,
    filter: { type: 'object', maxProperties: 8 },
    limit: { type: 'integer', minimum: 1, maximum: 500 },
    cursor: { type: 'string', maxLength: 400 },
  },
  required: ['startField', 'endField', 'from', 'to'],
  additionalProperties: false,
} as const;

/** `POST …/views/grid/groups`: a grid's groups with a count and sums each. */
export const gridGroupsBody = {
  type: 'object',
  properties: {
    groupField: fieldId,
    sumFields: { type: 'array', maxItems: 5, items: fieldId },
    filter: { type: 'object', maxProperties: 8 },
  },
  required: ['groupField'],
  additionalProperties: false,
} as const;
