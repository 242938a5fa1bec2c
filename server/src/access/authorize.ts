import { forbidden, notFound } from '../http/app-error';
import type { Principal } from './principal';
import { defaultPolicy, type Action, type PolicyProvider, type Resource } from './policy';

export type Authorize = (principal: Principal, action: Action, resource: Resource) => Promise<void>;

const RESOURCE_LABEL: Record<Resource['kind'], string> = {
  org: 'Organisation',
  app: 'App',
  form: 'Form',
  record: 'Record',
};

/**
 * Builds the single permission check. Another org's resource is reported as 404 (its existence is
 * not revealed); a denied action on a visible resource as 403. Nothing is allowed when every
 * provider abstains.
 */
export function createAuthorizer(providers: readonly PolicyProvider[]): Authorize {
  return async (principal, action, resource) => {
    if (resource.orgId !== principal.orgId) throw notFound(RESOURCE_LABEL[resource.kind]);
    for (const provider of providers) {
      const decision = await provider.decide(principal, action, resource);
      if (decision === 'allow') return;
      if (decision === 'deny') break;
    }
    throw forbidden(`You are not allowed to ${action} this ${resource.kind}.`);
  };
}

/** The policy entry point every route uses: `await authorize(principal, 'update', { kind: 'record', ... })`. */
export const authorize: Authorize = createAuthorizer([defaultPolicy]);
