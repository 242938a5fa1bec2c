import { describe, expect, it } from 'vitest';
import { createClient } from '../src/index';

describe('Accept-Language', () => {
  it('carries the UI language read at each request, on JSON requests and downloads', async () => {
    const seen: (string | undefined)[] = [];
    const fetch = async (_url: string, init: RequestInit = {}) => {
      seen.push((init.headers as Record<string, string>)['Accept-Language']);
      return new Response(JSON.stringify({ items: [] }), { status: 200 });
    };
    let language = 'zh-CN';
    const client = createClient({ fetch, language: () => language });
    await client.apps.list();
    language = 'en';
    await client.apps.list();
    expect(seen).toEqual(['zh-CN', 'en']);
  });

  it('is left to the browser when the app does not say', async () => {
    const headers: Record<string, string>[] = [];
    const fetch = async (_url: string, init: RequestInit = {}) => {
      headers.push(init.headers as Record<string, string>);
      return new Response(JSON.stringify({ items: [] }), { status: 200 });
    };
    await createClient({ fetch }).apps.list();
    expect(headers[0]).not.toHaveProperty('Accept-Language');
  });
});
