import type { Migration } from './migration';

// Public form links (docs/decisions/0047-public-form-links.md).
// - public_form_links: one row per published link of a form. Only the SHA-256 of the link's token
//   is stored (`token_hash`), so a copy of the database cannot submit through any link; the admin
//   sees the token once and can issue a new one. `settings` holds the fields on the link, title,
//   description and thank-you text. `submissions` counts accepted submissions; it is raised in the
//   submission's own transaction by a guarded UPDATE, so `max_submissions` holds under concurrency.
//   A revoked link keeps its row (audit, count) with `revoked_at` set and answers 404.
// - public_form_throttle: submission attempts per client address and window, shared by every
//   server process (same scheme as sign_in_throttle).
// - public_form_proofs: the bot check's proofs of work already used, until they expire, so one
//   proof cannot be replayed.
const statements = [
  `CREATE TABLE public_form_links (
     id text PRIMARY KEY,
     org_id text NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
     app_id text NOT NULL,
     form_id text NOT NULL,
     token_hash text NOT NULL UNIQUE,
     settings jsonb NOT NULL,
     enabled boolean NOT NULL DEFAULT true,
     expires_at timestamptz,
     max_submissions integer CHECK (max_submissions IS NULL OR max_submissions > 0),
     submissions integer NOT NULL DEFAULT 0,
     last_submission_at timestamptz,
     created_by text NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     updated_at timestamptz NOT NULL DEFAULT now(),
     revoked_at timestamptz
   )`,
  `CREATE INDEX public_form_links_form_idx ON public_form_links (org_id, app_id, form_id, created_at DESC)`,
  `CREATE TABLE public_form_throttle (
     key text PRIMARY KEY,
     hits integer NOT NULL,
     window_ends_at timestamptz NOT NULL
   )`,
  `CREATE TABLE public_form_proofs (
     hash text PRIMARY KEY,
     expires_at timestamptz NOT NULL
   )`,
  `CREATE INDEX public_form_proofs_expiry_idx ON public_form_proofs (expires_at)`,
];

export const migration020PublicForms: Migration = {
  id: '020_public_forms',
  up: async (tx) => {
    for (const sql of statements) await tx.query(sql);
  },
};
