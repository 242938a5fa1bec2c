import createDOMPurify, { type DOMPurify } from 'dompurify';
import { JSDOM } from 'jsdom';
import type { FieldDefinition } from '@tangram/schema';

let purifier: DOMPurify | undefined;

/** One DOMPurify over a server-side DOM, created on first use (jsdom is slow to start). */
function purify(): DOMPurify {
  purifier ??= createDOMPurify(new JSDOM('').window as unknown as Window & typeof globalThis);
  return purifier;
}

/**
 * Rich text is stored sanitized: scripts, event handlers, `javascript:` links and foreign
 * elements are removed on the server whatever the client sent, so a stored value is safe to render.
 */
export function sanitizeRichText(fields: readonly FieldDefinition[], data: Record<string, unknown>): void {
  for (const field of fields) {
    const value = data[field.id];
    if (field.type === 'richtext' && typeof value === 'string') {
      data[field.id] = purify().sanitize(value, {
        USE_PROFILES: { html: true },
        FORBID_TAGS: ['style', 'form', 'input'],
      });
    } else if (field.type === 'subform' && Array.isArray(value)) {
      for (const row of value) sanitizeRichText(field.config.fields, row as Record<string, unknown>);
    }
  }
}
