import type { ApiKeyContext } from '../api-keys/scopes';

/** Who is making a request, as resolved from a session or an API key. */
export interface Principal {
  userId: string;
  orgId: string;
  isAdmin: boolean;
  departmentIds: string[];
  roleIds: string[];
  /**
   * Set when an API key authenticated the request: every grant is narrowed by its scopes
   * (access/grants.ts) and only the routes keys may use are reachable (decision 0046).
   */
  apiKey?: ApiKeyContext;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- express's documented augmentation point
  namespace Express {
    interface Request {
      /** Set by `authenticate` when the request carries a valid session. */
      principal?: Principal;
      /** The session id (hash) behind `principal`, for logout. */
      sessionId?: string;
    }
  }
}
