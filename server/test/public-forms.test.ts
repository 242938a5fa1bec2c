import { createHash } from 'node:crypto';
import type { FormDefinition } from '@tangram/schema';
import { describe, expect, it } from 'vitest';
import { checkBot, leadingZeroBits, proofText, solveProof } from '../src/public-forms/bot-check';
import { linkFieldProblems, publicFieldIds, publicFormOf } from '../src/public-forms/public-fields';

const l = (en: string) => ({ en, 'zh-CN': en });

const form = {
  id: 'f',
  name: l('F'),
  workflowId: 'wf',
  rules: { visibility: [] },
  fields: [
    { id: 'name', type: 'text', label: l('Name'), required: true },
    { id: 'owner', type: 'member', label: l('Owner') },
    {
      id: 'code',
      type: 'serial',
      label: l('Code'),
      required: true,
      config: { parts: [{ kind: 'counter', digits: 3 }] },
    },
    {
      id: 'city',
      type: 'text',
      label: l('City'),
      default: { kind: 'linkage', form: 'x', match: [], take: 'y' },
    },
    {
      id: 'lines',
      type: 'subform',
      label: l('Lines'),
      config: { fields: [{ id: 'qty', type: 'number', label: l('Qty') }] },
    },
    {
      id: 'files',
      type: 'subform',
      label: l('Files'),
      config: { fields: [{ id: 'doc', type: 'attachment', label: l('Doc') }] },
    },
  ],
} as unknown as FormDefinition;

describe('public link fields', () => {
  it('offers only fields a stranger may fill (a subform only when all its fields may be)', () => {
    expect(publicFieldIds(form)).toEqual(['name', 'city', 'lines']);
  });

  it('names each bad field and a required field left off; computed required fields need no input', () => {
    expect(linkFieldProblems(form, ['city', 'owner', 'ghost']).map((p) => [p.path, p.code])).toEqual([
      ['/fields/1', 'field_not_public'],
      ['/fields/2', 'unknown_field'],
      ['/fields', 'required_field_missing'],
    ]);
    expect(linkFieldProblems(form, ['name'])).toEqual([]);
  });

  it('narrows the form: link fields only, no workflow or rules, no data-linkage defaults', () => {
    const shown = publicFormOf(form, ['name', 'city', 'owner']);
    expect(shown.fields.map((f) => f.id)).toEqual(['name', 'city']);
    expect(shown.fields[1]!.default).toBeUndefined();
    expect(shown).not.toHaveProperty('workflowId');
    expect(shown).not.toHaveProperty('rules');
  });
});

describe('bot check', () => {
  it('counts leading zero bits', () => {
    expect(leadingZeroBits(new Uint8Array([0, 0, 0x80]))).toBe(16);
    expect(leadingZeroBits(new Uint8Array([0, 0x01]))).toBe(15);
    expect(leadingZeroBits(new Uint8Array([0xff]))).toBe(0);
    expect(leadingZeroBits(new Uint8Array([0, 0]))).toBe(16);
  });

  it('accepts a solved proof and answers its hash; refuses honeypot, missing, stale and weak proofs', () => {
    const now = Date.now();
    const proof = solveProof('pfl_1', 'nonce-123', now, 8);
    const hash = createHash('sha256').update(proofText('pfl_1', proof)).digest('hex');
    expect(checkBot('pfl_1', '', proof, now, 8)).toBe(hash);
    expect(() => checkBot('pfl_1', 'spam', proof, now, 8)).toThrow(/honeypot/);
    expect(() => checkBot('pfl_1', undefined, undefined, now, 8)).toThrow(/no proof/);
    expect(() => checkBot('pfl_1', '', proof, now + 3 * 60 * 60 * 1000, 8)).toThrow(/stale/);
    // The same work does not count for another link (the link id is hashed in; 1 in 65536 luck).
    const strong = solveProof('pfl_1', 'nonce-456', now, 16);
    expect(() => checkBot('pfl_1', '', strong, now, 16)).not.toThrow();
    expect(() => checkBot('pfl_2', '', strong, now, 16)).toThrow(/weak/);
  });
});
