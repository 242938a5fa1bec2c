import type { Migration } from './migration';

// Core tables: organisations, people, sessions, keys and the audit trail.
// Composite (org_id, id) keys let foreign keys prove that a department's parent, a membership or a
// leader belongs to the same org, so a cross-org link is impossible even if a service check is missed.
const statements = [
  `CREATE TABLE orgs (
     id text PRIMARY KEY,
     name text NOT NULL,
     time_zone text NOT NULL DEFAULT 'UTC',
     created_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE TABLE users (
     id text PRIMARY KEY,
     org_id text NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
     name text NOT NULL,
     email text NOT NULL,
     password_hash text NOT NULL,
     is_admin boolean NOT NULL DEFAULT false,
     active boolean NOT NULL DEFAULT true,
     created_at timestamptz NOT NULL DEFAULT now(),
     UNIQUE (org_id, id)
   )`,
  `CREATE UNIQUE INDEX users_org_email_key ON users (org_id, lower(email))`,
  `CREATE INDEX users_email_idx ON users (lower(email))`,
  `CREATE TABLE departments (
     id text PRIMARY KEY,
     org_id text NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
     name text NOT NULL,
     parent_id text,
     leader_id text,
     created_at timestamptz NOT NULL DEFAULT now(),
     UNIQUE (org_id, id),
     CHECK (parent_id IS NULL OR parent_id <> id),
     FOREIGN KEY (org_id, parent_id) REFERENCES departments (org_id, id),
     FOREIGN KEY (org_id, leader_id) REFERENCES users (org_id, id)
   )`,
  `CREATE INDEX departments_parent_idx ON departments (parent_id)`,
  `CREATE TABLE memberships (
     org_id text NOT NULL,
     user_id text NOT NULL,
     department_id text NOT NULL,
     PRIMARY KEY (user_id, department_id),
     FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id) ON DELETE CASCADE,
     FOREIGN KEY (org_id, department_id) REFERENCES departments (org_id, id) ON DELETE CASCADE
   )`,
  `CREATE INDEX memberships_department_idx ON memberships (department_id)`,
  `CREATE TABLE roles (
     id text PRIMARY KEY,
     org_id text NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
     name text NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     UNIQUE (org_id, id)
   )`,
  `CREATE UNIQUE INDEX roles_org_name_key ON roles (org_id, lower(name))`,
  `CREATE TABLE user_roles (
     org_id text NOT NULL,
     user_id text NOT NULL,
     role_id text NOT NULL,
     PRIMARY KEY (user_id, role_id),
     FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id) ON DELETE CASCADE,
     FOREIGN KEY (org_id, role_id) REFERENCES roles (org_id, id) ON DELETE CASCADE
   )`,
  `CREATE INDEX user_roles_role_idx ON user_roles (role_id)`,
  // id is the SHA-256 (hex) of the cookie token: a stolen database dump yields no usable sessions.
  `CREATE TABLE sessions (
     id text PRIMARY KEY,
     user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
     org_id text NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
     csrf_token text NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     expires_at timestamptz NOT NULL,
     last_seen_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX sessions_user_idx ON sessions (user_id)`,
  `CREATE INDEX sessions_expires_idx ON sessions (expires_at)`,
  `CREATE TABLE api_keys (
     id text PRIMARY KEY,
     org_id text NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
     user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
     name text NOT NULL,
     key_hash text NOT NULL UNIQUE,
     created_at timestamptz NOT NULL DEFAULT now(),
     revoked_at timestamptz
   )`,
  `CREATE TABLE audit_log (
     id bigserial PRIMARY KEY,
     org_id text NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
     actor_id text,
     action text NOT NULL,
     target_type text NOT NULL,
     target_id text,
     detail jsonb NOT NULL DEFAULT '{}'::jsonb,
     at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX audit_log_org_at_idx ON audit_log (org_id, at)`,
  // Failed logins per (email, client address), kept in the database so several server processes share it.
  `CREATE TABLE login_throttle (
     key text PRIMARY KEY,
     failures integer NOT NULL,
     window_started_at timestamptz NOT NULL
   )`,
];

export const migration001Core: Migration = {
  id: '001_core',
  up: async (tx) => {
    for (const sql of statements) await tx.query(sql);
  },
};
