import { describe, expect, it } from 'vitest';
import { createClient } from '../src/client';
import { fileNameOf } from '../src/transport';

describe('file downloads', () => {
  it('reads the file name of Content-Disposition, UTF-8 name first', () => {
    expect(fileNameOf(`attachment; filename="a.xlsx"; filename*=UTF-8''%E5%8C%BA%E5%9F%9F.xlsx`)).toBe(
      '区域.xlsx',
    );
    expect(fileNameOf('attachment; filename="plain name.xlsx"')).toBe('plain name.xlsx');
    expect(fileNameOf('attachment; filename=bare.xlsx')).toBe('bare.xlsx');
    expect(fileNameOf(`attachment; filename*=UTF-8''%E0%A4%A; filename="fallback.xlsx"`)).toBe(
      'fallback.xlsx',
    );
    expect(fileNameOf(null)).toBeUndefined();
  });

  it('posts the export with the filter state and CSRF token, and turns a JSON error into ApiError', async () => {
    const calls: { url: string; init?: RequestInit }[] = [];
    let answer = new Response(new Blob(['PK']), {
      status: 200,
      headers: { 'Content-Disposition': `attachment; filename*=UTF-8''sales.xlsx` },
    });
    const client = createClient({
      baseUrl: 'http://x',
      fetch: (url, init) => {
        calls.push({ url, ...(init ? { init } : {}) });
        return Promise.resolve(answer);
      },
    });
    const file = await client.reports.exportWidget('a', 'd', 'w', {
      filterState: { p: { from: '2024-01-01' } },
    });
    expect(file.filename).toBe('sales.xlsx');
    expect(await file.blob.text()).toBe('PK');
    expect(calls[0]?.url).toBe('http://x/api/v1/apps/a/dashboards/d/widgets/w/export?format=xlsx');
    expect(calls[0]?.init?.method).toBe('POST');
    expect(JSON.parse(String(calls[0]?.init?.body))).toEqual({ filterState: { p: { from: '2024-01-01' } } });
    answer = new Response(JSON.stringify({ error: { code: 'not_found', message: 'Widget not found.' } }), {
      status: 404,
    });
    await expect(client.reports.exportWidget('a', 'd', 'nope')).rejects.toMatchObject({
      status: 404,
      code: 'not_found',
    });
  });
});
