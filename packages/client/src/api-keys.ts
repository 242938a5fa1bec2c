import type { Transport } from './transport';

/** What one API key reaches (decision 0046): an app, every form (null) or some, read or write. */
export interface ApiKeyScope {
  app: string;
  forms: string[] | null;
  access: 'read' | 'write';
}

/** A key as its owner sees it: never the key, only its prefix. */
export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface NewApiKey {
  name: string;
  scopes: { app: string; forms?: string[] | null; access: 'read' | 'write' }[];
  expiresInDays: number;
}

const enc = encodeURIComponent;

export function createApiKeysApi(http: Transport) {
  return {
    list: () => http.request<{ items: ApiKey[] }>('GET', '/api-keys').then((r) => r.items),
    /** The answer holds the key; it is never shown again. */
    create: (input: NewApiKey) =>
      http.request<{ key: string; apiKey: ApiKey }>('POST', '/api-keys', { body: input }),
    revoke: (id: string) =>
      http.request<{ apiKey: ApiKey }>('DELETE', `/api-keys/${enc(id)}`).then((r) => r.apiKey),
    /** The app's OpenAPI 3.1 description as the signed-in user may use it. */
    openApi: (appId: string) =>
      http.request<Record<string, unknown>>('GET', `/apps/${enc(appId)}/openapi.json`),
    /** Where the app's generated TypeScript types are downloaded. */
    typesUrl: (appId: string) => http.url(`/apps/${enc(appId)}/types.ts`),
    openApiUrl: (appId: string) => http.url(`/apps/${enc(appId)}/openapi.json`),
  };
}
