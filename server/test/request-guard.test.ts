import express from 'express';
import { describe, expect, it } from 'vitest';
import { textProblem } from '@tangram/fields';
import { assertParamKinds, paramProblem, routeParamNames } from '../src/http/request-guard';

describe('request guard', () => {
  it('finds the parameters of a route path', () => {
    expect(routeParamNames('/apps/:app/versions/:version')).toEqual(['app', 'version']);
    expect(routeParamNames('/files/*rest')).toEqual(['rest']);
    expect(routeParamNames('/health')).toEqual([]);
  });

  it('checks ids: storable text, no control characters, bounded length', () => {
    expect(paramProblem('id', 'rec_01hx0000000000000000000000')).toBeNull();
    expect(paramProblem('id', '客户')).toBeNull();
    expect(paramProblem('id', 'a\u0000b')?.code).toBe('nul_character');
    expect(paramProblem('id', '\ud800')?.code).toBe('lone_surrogate');
    expect(paramProblem('id', 'a\u001fb')?.code).toBe('control_character');
    expect(paramProblem('id', 'x'.repeat(201))?.code).toBe('length');
  });

  it('checks int32 parameters: digits, 1..2^31-1', () => {
    expect(paramProblem('int32', '1')).toBeNull();
    expect(paramProblem('int32', '2147483647')).toBeNull();
    for (const bad of ['0', '2147483648', '9999999999999999999', '-1', '1e3', '1.5', 'abc', ''])
      expect(paramProblem('int32', bad), bad).not.toBeNull();
  });

  it('refuses to start with a route whose parameter has no declared kind', () => {
    const router = express.Router();
    router.get('/apps/:app/things/:thing', (_req, res) => res.end());
    expect(() => assertParamKinds(router)).toThrow(/thing/);
    const ok = express.Router();
    ok.get('/apps/:app/versions/:version', (_req, res) => res.end());
    expect(() => assertParamKinds(ok)).not.toThrow();
  });

  it('textProblem finds NUL and lone surrogates only', () => {
    expect(textProblem('plain 文本 😀 \t\u0001')).toBeNull();
    expect(textProblem('\u0000')).toBe('nul_character');
    expect(textProblem('a\udc00')).toBe('lone_surrogate');
    expect(textProblem('\ud83d')).toBe('lone_surrogate');
  });
});
