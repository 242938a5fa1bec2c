import type { Migration } from './migration';

// Shared views get an order chosen in the studio (docs/decisions/0056-views-in-the-studio.md).
// `position` is NULL until someone orders a form's views: lists sort by position, then by name as
// before, so existing views keep their order until an admin moves one.
const statements = [`ALTER TABLE views ADD COLUMN position integer`];

export const migration025ViewPositions: Migration = {
  id: '025_view_positions',
  up: async (tx) => {
    for (const sql of statements) await tx.query(sql);
  },
};
