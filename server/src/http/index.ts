export * from './app-error';
export { errorHandler, apiNotFound } from './error-handler';
export { jsonBody, type JsonBodyOptions } from './json-body';
export { parseStrictJson, StrictJsonError } from './strict-json';
export { requestId } from './request-id';
export { validate, type BodySchema } from './validate';
export {
  PARAM_KINDS,
  assertParamKinds,
  guardParams,
  guardQuery,
  listRoutes,
  paramProblem,
  routeParamNames,
  type ParamKind,
} from './request-guard';
