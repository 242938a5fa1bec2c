export * from './app-error';
export { errorHandler, apiNotFound } from './error-handler';
export { jsonBody, type JsonBodyOptions } from './json-body';
export { parseStrictJson, StrictJsonError } from './strict-json';
export { requestId } from './request-id';
export { validate, type BodySchema } from './validate';
