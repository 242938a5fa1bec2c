import { describe, expect, it } from 'vitest';
import { issueDetails, moveInOrder, placeIssues } from '../../src/views/core/view-editor';

describe('placeIssues', () => {
  it('puts each refusal on the control it concerns', () => {
    const placed = placeIssues(
      [
        { path: '/name', code: 'minLength', message: 'too short' },
        { path: '/config/kanban/groupField', code: 'wrongFieldType', message: '"title" is a text field; …' },
        { path: '/config/kanban/cardFields/2', code: 'unknownField', message: 'unknown field "gone"' },
        { path: '/config/kanban/groupField', code: 'unknownField', message: 'second one is dropped' },
      ],
      'kanban',
    );
    expect(placed).toEqual({
      name: 'too short',
      settings: {
        'kanban/groupField': '"title" is a text field; …',
        'kanban/cardFields': 'unknown field "gone"',
      },
      other: [],
    });
  });

  it('tells a missing settings block at the kind, and other kinds’ settings apart', () => {
    const placed = placeIssues(
      [
        {
          path: '/config/calendar',
          code: 'required',
          message: 'a calendar view needs its "calendar" settings',
        },
        { path: '/config/gantt/startField', code: 'unknownField', message: 'unknown field "s"' },
        { path: '/config/filter/field', code: 'unknownField', message: 'no such field' },
      ],
      'calendar',
    );
    expect(placed.kind).toBe('a calendar view needs its "calendar" settings');
    expect(placed.settings).toEqual({});
    expect(placed.other).toEqual([
      { path: '/config/gantt/startField', message: 'unknown field "s"' },
      { path: '/config/filter/field', message: 'no such field' },
    ]);
  });

  it('uses the studio’s own text for a code, with the field the server quoted', () => {
    const placed = placeIssues(
      [{ path: '/config/grid/groupField', code: 'unknownField', message: 'unknown field "stage"' }],
      'grid',
      { unknownField: '表单中没有字段「{{field}}」' },
    );
    expect(placed.settings['grid/groupField']).toBe('表单中没有字段「stage」');
  });
});

describe('moveInOrder', () => {
  it('moves one id and clamps at the ends', () => {
    expect(moveInOrder(['a', 'b', 'c'], 'c', -1)).toEqual(['a', 'c', 'b']);
    expect(moveInOrder(['a', 'b', 'c'], 'a', 5)).toEqual(['b', 'c', 'a']);
  });
  it('answers the same array when nothing moves', () => {
    const ids = ['a', 'b'];
    expect(moveInOrder(ids, 'a', -1)).toBe(ids);
    expect(moveInOrder(ids, 'x', 1)).toBe(ids);
  });
});

describe('issueDetails', () => {
  it('keeps well-formed details only', () => {
    const error = Object.assign(new Error('x'), {
      details: [{ path: '/a', code: 'c', message: 'm' }, { nope: true }, null],
    });
    expect(issueDetails(error)).toEqual([{ path: '/a', code: 'c', message: 'm' }]);
    expect(issueDetails(new Error('plain'))).toEqual([]);
    expect(issueDetails(null)).toEqual([]);
  });
});
