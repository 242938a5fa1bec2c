import type { FormDefinition, I18NText } from './schema-types';
import type { Transport } from './transport';

/** Public form links (decision 0047): settings an app admin chooses. */
export interface PublicLinkSettings {
  fields: string[];
  title?: string;
  description?: string;
  thankYou?: string;
  enabled?: boolean;
  /** ISO date-time, or null for no expiry. */
  expiresAt?: string | null;
  maxSubmissions?: number | null;
}

export interface PublicLink {
  id: string;
  appId: string;
  formId: string;
  fields: string[];
  title?: string;
  description?: string;
  thankYou?: string;
  enabled: boolean;
  expiresAt: string | null;
  maxSubmissions: number | null;
  submissions: number;
  lastSubmissionAt: string | null;
  status: 'active' | 'disabled' | 'expired' | 'full';
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** The form an anonymous visitor sees through a link. */
export interface PublicFormView {
  app: { id: string; name: I18NText };
  form: FormDefinition;
  title?: string;
  description?: string;
  botCheck: { linkId: string; difficulty: number; maxAgeMs: number };
}

export interface PublicSubmission {
  data: Record<string, unknown>;
  proof: { issuedAt: number; nonce: string; counter: number };
  /** The honeypot: always empty from a person. */
  website: string;
}

interface Ref {
  appId: string;
  formId: string;
}

const enc = encodeURIComponent;
const base = (r: Ref) => `/apps/${enc(r.appId)}/forms/${enc(r.formId)}/public-links`;

export function createPublicFormsApi(http: Transport) {
  return {
    list: (r: Ref) => http.request<{ links: PublicLink[]; publicFields: string[] }>('GET', base(r)),
    create: (r: Ref, settings: PublicLinkSettings) =>
      http.request<{ link: PublicLink; token: string }>('POST', base(r), { body: settings }),
    update: (r: Ref, id: string, settings: Partial<PublicLinkSettings>) =>
      http
        .request<{ link: PublicLink }>('PATCH', `${base(r)}/${enc(id)}`, { body: settings })
        .then((x) => x.link),
    revoke: (r: Ref, id: string) => http.request<void>('DELETE', `${base(r)}/${enc(id)}`),
    renewToken: (r: Ref, id: string) =>
      http.request<{ link: PublicLink; token: string }>('POST', `${base(r)}/${enc(id)}/token`),
    /** Anonymous: the form behind a link (410 when closed, expired or full; 404 when withdrawn). */
    open: (token: string) => http.request<PublicFormView>('GET', `/public/forms/${enc(token)}`),
    submit: (token: string, submission: PublicSubmission) =>
      http.request<{ thankYou: string | null }>('POST', `/public/forms/${enc(token)}/submissions`, {
        body: submission,
      }),
  };
}
