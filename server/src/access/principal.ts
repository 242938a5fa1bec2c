/** Who is making a request, as resolved from a session (or, later, an API key). */
export interface Principal {
  userId: string;
  orgId: string;
  isAdmin: boolean;
  departmentIds: string[];
  roleIds: string[];
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
