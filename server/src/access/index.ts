export type { Principal } from './principal';
export { authenticate, requirePrincipal } from './authenticate';
export { authorize, createAuthorizer, type Authorize } from './authorize';
export { defaultPolicy, type Action, type Resource, type Decision, type PolicyProvider } from './policy';
