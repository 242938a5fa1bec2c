import { describe, expect, it } from 'vitest';
import { checkedHeaders } from '../src/automations/actions/webhook';
import { renderTemplate, type TemplateScope } from '../src/automations/webhooks/body-template';
import { atPointer } from '../src/automations/webhooks/incoming';
import { retryDelayMs } from '../src/automations/webhooks/retry-policy';
import { signWebhook, verifyWebhook } from '../src/automations/webhooks/signature';

const scope: TemplateScope = {
  record: {
    id: 'r1',
    title: 'Say "hi"\n',
    qty: 3,
    lines: [{ sku: 'A' }],
    address: { city: '深圳' },
    none: null,
  },
  old: { qty: 2 },
  event: { topic: 'record.updated', id: '42' },
  detail: {},
};

describe('webhook body template', () => {
  it('keeps JSON types for whole placeholders and text inside strings', () => {
    expect(
      renderTemplate(
        {
          qty: '{{qty}}',
          was: '{{ old.qty }}',
          lines: '{{lines}}',
          city: '{{address.city}}',
          msg: '{{title}} x{{qty}} ({{event.topic}}) {{lines}}',
          nested: [{ id: '{{id}}' }, 5, true, null],
        },
        scope,
      ),
    ).toEqual({
      qty: 3,
      was: 2,
      lines: [{ sku: 'A' }],
      city: '深圳',
      msg: 'Say "hi"\n x3 (record.updated) [{"sku":"A"}]',
      nested: [{ id: 'r1' }, 5, true, null],
    });
  });

  it('fills values into the tree, so a value cannot break out of its string', () => {
    const body = JSON.stringify(renderTemplate({ a: 'x {{title}} y' }, scope));
    expect(JSON.parse(body)).toEqual({ a: 'x Say "hi"\n y' });
  });

  it('names nothing: null alone, empty inside text; never the prototype', () => {
    expect(
      renderTemplate({ a: '{{missing}}', b: 'x{{missing}}y', c: '{{constructor}}', d: '{{none}}' }, scope),
    ).toEqual({
      a: null,
      b: 'xy',
      c: null,
      d: null,
    });
  });

  it('refuses templates nested too deep', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 30; i++) deep = [deep];
    expect(() => renderTemplate(deep, scope)).toThrow(/nested deeper than 20/);
  });
});

describe('webhook headers', () => {
  it('keeps custom headers and refuses the ones Tangram sets', () => {
    expect(checkedHeaders({ 'X-Api-Key': 'k' })).toEqual({ 'x-api-key': 'k' });
    expect(() => checkedHeaders({ Host: 'evil' })).toThrow(/headers\/Host/);
    expect(() => checkedHeaders({ 'X-Tangram-Signature': 'x' })).toThrow(/cannot be overridden/);
    expect(() => checkedHeaders({ 'Bad Name': 'x' })).toThrow(/not a valid HTTP header name/);
    expect(() => checkedHeaders({ 'X-A': 'a\r\nInjected: 1' })).toThrow(/one line/);
  });
});

describe('JSON pointers of incoming bodies', () => {
  const doc = { a: { 'b/c': 1, 'd~e': 2, list: [10, 20] }, n: null };
  it.each([
    ['', doc],
    ['/a/b~1c', 1],
    ['/a/d~0e', 2],
    ['/a/list/1', 20],
    ['/n', null],
    ['/a/list/01', undefined],
    ['/a/list/5', undefined],
    ['/missing/x', undefined],
    ['/a/toString', undefined],
    ['a', undefined],
  ])('%j', (pointer, value) => {
    expect(atPointer(doc, pointer)).toEqual(value);
  });
});

describe('signatures and retries', () => {
  it('signs timestamp and body; verification fails for any change', () => {
    const sig = signWebhook('s', 1700000000, '{"a":1}');
    expect(sig).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhook('s', '1700000000', '{"a":1}', sig)).toBe(true);
    expect(verifyWebhook('s', '1700000001', '{"a":1}', sig)).toBe(false);
    expect(verifyWebhook('s', '1700000000', '{"a":2}', sig)).toBe(false);
    expect(verifyWebhook('t', '1700000000', '{"a":1}', sig)).toBe(false);
  });

  it('backs off exponentially with bounded jitter, capped at an hour', () => {
    const waits = [1, 2, 3, 4].map((n) => retryDelayMs(n, 'whd_x'));
    expect(waits[0]).toBeGreaterThanOrEqual(30_000);
    expect(waits[0]).toBeLessThan(33_000);
    for (let i = 1; i < waits.length; i++) expect(waits[i]).toBeGreaterThan(waits[i - 1]! * 1.8);
    expect(retryDelayMs(30, 'whd_x')).toBeLessThanOrEqual(3_960_000);
    expect(retryDelayMs(30, 'whd_x')).toBeGreaterThanOrEqual(3_600_000);
  });
});
