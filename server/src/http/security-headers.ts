import type { RequestHandler } from 'express';

// The SPA loads only its own scripts. Ant Design injects inline styles (CSS-in-JS), Monaco and
// ECharts use blob: workers and data: images, hence those allowances.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  // The print preview shows the PDF the page fetched (a blob: URL) in the browser's viewer (decision 0045).
  "frame-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

// HTTPS only for a year, on secure requests only (a plain-HTTP answer's HSTS is ignored anyway).
// No includeSubDomains: other hosts of the customer's domain may still serve plain HTTP.
const HSTS = 'max-age=31536000';

export const securityHeaders: RequestHandler = (req, res, next) => {
  if (req.secure) res.setHeader('Strict-Transport-Security', HSTS);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
  res.setHeader('Content-Security-Policy', CSP);
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  next();
};
