import { describe, expect, it } from 'vitest';
import { checkViewSettings, parseViewConfig, type FormDefinition } from '../src/index.js';

/** A project form: tasks with dates, progress, a predecessor link to itself and one to another form. */
const form: FormDefinition = {
  id: 'tasks',
  name: { en: 'Tasks' },
  fields: [
    { id: 'title', type: 'text', label: { en: 'Title' } },
    { id: 'start', type: 'date', label: { en: 'Start' } },
    { id: 'due', type: 'datetime', label: { en: 'Due' } },
    { id: 'done', type: 'percent', label: { en: 'Done' } },
    { id: 'hours', type: 'number', label: { en: 'Hours' } },
    { id: 'cost', type: 'money', label: { en: 'Cost' } },
    {
      id: 'stage',
      type: 'select',
      label: { en: 'Stage' },
      config: { options: [{ value: 'a', label: { en: 'A' } }] },
    },
    { id: 'after', type: 'relation', label: { en: 'After' }, config: { form: 'tasks', multiple: true } },
    { id: 'customer', type: 'relation', label: { en: 'Customer' }, config: { form: 'customers' } },
  ],
} as FormDefinition;

const gantt = { startField: 'start', endField: 'due' };

describe('view definitions (view.schema.json)', () => {
  it('accepts every kind with its settings, and old grid configs without a kind', () => {
    const config = {
      kind: 'gantt',
      columns: [{ field: 'title', width: 200 }],
      gantt: { ...gantt, progressField: 'done', dependencyField: 'after', titleField: 'title', zoom: 'week' },
      grid: { groupField: 'stage', sumFields: ['cost'], frozenColumns: 1, rowHeight: 'tall' },
      kanban: { groupField: 'stage', sumField: 'hours' },
      calendar: { dateField: 'start', endField: 'due' },
      gallery: {},
    };
    const shape = parseViewConfig(config, '/config');
    expect(shape).toEqual({ ok: true, value: config });
    expect(checkViewSettings(form, config as never, '/config')).toEqual([]);
    expect(parseViewConfig({ columns: [] }).ok).toBe(true);
  });

  it('refuses bad shapes with the path of each problem', () => {
    const shape = parseViewConfig(
      {
        kind: 'timeline',
        columns: [{ field: 'title', width: 10 }],
        gantt: { startField: 'start', zoom: 'year', extra: 1 },
        grid: { frozenColumns: 9 },
      },
      '/config',
    );
    expect(shape.ok).toBe(false);
    const paths = shape.ok ? [] : shape.issues.map((i) => `${i.path} ${i.code}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/config/kind enum',
        '/config/columns/0/width minimum',
        '/config/gantt/endField required',
        '/config/gantt/zoom enum',
        '/config/gantt/extra unknown_property',
        '/config/grid/frozenColumns maximum',
      ]),
    );
  });

  it('names unknown fields and fields of the wrong type, with the path, for a gantt', () => {
    const issues = checkViewSettings(
      form,
      {
        kind: 'gantt',
        gantt: {
          startField: 'title',
          endField: 'nope',
          progressField: 'stage',
          dependencyField: 'customer',
          colorField: 'hours',
        },
      },
      '/config',
    );
    expect(issues).toEqual([
      {
        path: '/config/gantt/startField',
        code: 'wrongFieldType',
        message: '"title" is a text field; this setting needs a date or date-time field',
      },
      { path: '/config/gantt/endField', code: 'unknownField', message: 'unknown field "nope"' },
      {
        path: '/config/gantt/progressField',
        code: 'wrongFieldType',
        message: '"stage" is a select field; this setting needs a percent or number field',
      },
      {
        path: '/config/gantt/dependencyField',
        code: 'wrongFieldType',
        message: '"customer" links to another form; predecessors need a relation to this same form',
      },
      {
        path: '/config/gantt/colorField',
        code: 'wrongFieldType',
        message: '"hours" is a number field; this setting needs a single select or radio field',
      },
    ]);
  });

  it("needs the chosen kind's settings, checks every block present, and grid groups and sums", () => {
    expect(checkViewSettings(form, { kind: 'gantt' }, '/config')).toEqual([
      { path: '/config/gantt', code: 'required', message: 'a gantt view needs its "gantt" settings' },
    ]);
    expect(
      checkViewSettings(form, { kind: 'grid', gantt: { startField: 'start', endField: 'start' } }),
    ).toEqual([
      {
        path: '/gantt/endField',
        code: 'sameField',
        message: 'the end field must differ from the start field',
      },
    ]);
    expect(
      checkViewSettings(form, { grid: { groupField: 'title', sumFields: ['stage'] } }, '/config').map(
        (i) => `${i.path} ${i.code}`,
      ),
    ).toEqual(['/config/grid/groupField wrongFieldType', '/config/grid/sumFields/0 wrongFieldType']);
    expect(checkViewSettings(form, { grid: { sumFields: ['cost'] } })).toEqual([
      { path: '/grid/sumFields', code: 'required', message: 'group sums need a group field' },
    ]);
    // The approval state groups only on a form with a workflow.
    expect(
      checkViewSettings(form, { kind: 'kanban', kanban: { groupField: 'workflowStatus' } })[0]?.code,
    ).toBe('wrongFieldType');
  });
});
