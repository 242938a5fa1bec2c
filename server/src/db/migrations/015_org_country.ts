import type { Migration } from './migration';

// The organisation's country (ISO 3166-1 alpha-2, decision 0038): phone fields check numbers
// against its numbering plan. Existing organisations are in China, where Tangram started.
export const migration015OrgCountry: Migration = {
  id: '015_org_country',
  up: async (tx) => {
    await tx.query(`ALTER TABLE orgs ADD COLUMN country text NOT NULL DEFAULT 'CN'`);
  },
};
