import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- express's documented augmentation point
  namespace Express {
    interface Request {
      /** Correlates a request with its log lines; echoed as `X-Request-Id`. */
      requestId: string;
    }
  }
}

const SAFE_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Uses a well-formed incoming `X-Request-Id` (from a proxy) or makes a new one. */
export const requestId: RequestHandler = (req, res, next) => {
  const incoming = req.get('x-request-id');
  req.requestId = incoming && SAFE_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-Id', req.requestId);
  next();
};
