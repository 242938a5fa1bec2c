import type { Principal } from './principal';

/** What a request wants to do. `manage` = change the definition or settings of the resource. */
export type Action = 'read' | 'create' | 'update' | 'delete' | 'manage' | 'import' | 'export';

/**
 * The object an action is about. Every resource names its org so cross-org access is caught in one
 * place. `app`/`form` may carry the loaded definition (opaque here) for policies that need it, e.g.
 * permission groups.
 */
export type Resource =
  | { kind: 'org'; orgId: string }
  | { kind: 'app'; orgId: string; appId?: string; app?: unknown }
  | { kind: 'form'; orgId: string; appId: string; formId: string; app?: unknown }
  | {
      kind: 'record';
      orgId: string;
      appId: string;
      formId: string;
      recordId?: string;
      ownerId?: string;
      app?: unknown;
    };

export type Decision = 'allow' | 'deny' | 'abstain';

/**
 * A source of permission decisions. Providers are consulted in order; the first that does not
 * abstain decides. Permission groups (packages/acl) become one more provider placed before the
 * default one: routes keep calling `authorize` unchanged.
 */
export interface PolicyProvider {
  readonly name: string;
  decide(principal: Principal, action: Action, resource: Resource): Decision | Promise<Decision>;
}

/**
 * The rules before permission groups exist: admins may do anything in their org; members may read
 * the org and its apps/forms and create, read, update and delete records.
 */
export const defaultPolicy: PolicyProvider = {
  name: 'default',
  decide(principal, action, resource) {
    if (principal.isAdmin) return 'allow';
    switch (resource.kind) {
      case 'org':
      case 'app':
      case 'form':
        return action === 'read' ? 'allow' : 'deny';
      case 'record':
        return action === 'read' || action === 'create' || action === 'update' || action === 'delete'
          ? 'allow'
          : 'deny';
    }
  },
};
