import { AppError } from '../http/app-error';

/** A file the importer cannot read: 400 with a code the wizard translates, and the bound named. */
export function badFile(code: string, message: string, params: Record<string, unknown> = {}): AppError {
  return new AppError(400, code, message, [{ path: '/file', code, message, ...params }]);
}
