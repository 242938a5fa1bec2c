/** Saved views named in both languages (a template's shared views): each reader sees their own. */
import { describe, expect, it } from 'vitest';
import { viewName } from '../../src/views/core/view-name';

describe('viewName', () => {
  const pipeline = { name: '销售管道', config: { names: { 'zh-CN': '销售管道', en: 'Pipeline' } } };

  it("shows a template's view in the reader's language, whoever installed it", () => {
    expect(viewName(pipeline, 'en')).toBe('Pipeline');
    expect(viewName(pipeline, 'en-US')).toBe('Pipeline');
    expect(viewName(pipeline, 'zh-CN')).toBe('销售管道');
  });

  it('shows the typed name of a view without translations', () => {
    expect(viewName({ name: 'East, biggest first', config: {} }, 'zh-CN')).toBe('East, biggest first');
  });
});
