import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './password';

// Shared pieces of request-body schemas (JSON Schema, checked by http/validate.ts).
export const nameSchema = { type: 'string', minLength: 1, maxLength: 200, pattern: '\\S' } as const;
// Deliberately simple: one @, no spaces. Deliverability is proven by use, not by a regex.
export const emailSchema = {
  type: 'string',
  minLength: 3,
  maxLength: 254,
  pattern: '^[^\\s@]+@[^\\s@]+$',
} as const;
export const passwordSchema = {
  type: 'string',
  minLength: MIN_PASSWORD_LENGTH,
  maxLength: MAX_PASSWORD_LENGTH,
} as const;
export const idListSchema = {
  type: 'array',
  maxItems: 500,
  uniqueItems: true,
  items: { type: 'string', maxLength: 100 },
} as const;

export interface SetupBody {
  orgName: string;
  name: string;
  email: string;
  password: string;
  timeZone?: string;
  /** ISO 3166-1 alpha-2; phone numbers are checked against its plan (CN when left out). */
  country?: string;
}

export const setupBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['orgName', 'name', 'email', 'password'],
  properties: {
    orgName: nameSchema,
    name: nameSchema,
    email: emailSchema,
    password: passwordSchema,
    timeZone: { type: 'string', minLength: 1, maxLength: 64 },
    country: { type: 'string', pattern: '^[A-Z]{2}$' },
  },
};

export interface LoginBody {
  email: string;
  password: string;
}

export const loginBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['email', 'password'],
  // No minLength on login: a short password simply does not match.
  properties: {
    email: { type: 'string', maxLength: 254 },
    password: { type: 'string', maxLength: MAX_PASSWORD_LENGTH },
  },
};

/** True when `tz` is an IANA time zone the runtime knows. */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
