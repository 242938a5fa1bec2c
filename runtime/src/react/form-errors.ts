import type { FormInstance } from 'antd';
import { isApiError } from '@tangram/client';

/**
 * Puts the per-field messages of an ApiError next to the matching form fields. Returns the
 * message to show above the form when the error is not about a known field (or null).
 */
export function applyApiError(
  form: FormInstance,
  error: unknown,
  fallback: (message: string) => string,
): string | null {
  if (!isApiError(error)) return fallback(error instanceof Error ? error.message : String(error));
  const known = new Set(Object.keys(form.getFieldsValue(true) as object));
  const fields = Object.entries(error.fieldErrors())
    .filter(([name]) => known.has(name))
    .map(([name, message]) => ({ name, errors: [message] }));
  form.setFields(fields);
  return fields.length > 0 ? null : fallback(error.message);
}
