/** Record, member and cross-form functions; names come from resolvers injected by the host. */
import type { Value } from '../types';
import { fromRaw, isArray, isEmpty, toResult, toText } from '../values';
import { define, fail, val } from './helpers';
import type { FunctionContext, FunctionDecl } from './types';

function nameOf(v: Value, kind: 'member' | 'department', ctx: FunctionContext): Value {
  if (isEmpty(v)) return null;
  if (isArray(v)) return v.map((x) => nameOf(x, kind, ctx));
  const id = typeof v === 'object' && v !== null && 'id' in v ? v.id : toText(v, ctx.timeZone);
  if (kind === 'member' && ctx.user?.id === id) return ctx.user.name;
  const resolve = kind === 'member' ? ctx.resolvers.userName : ctx.resolvers.deptName;
  if (!resolve)
    return fail('#N/A', `${kind === 'member' ? 'Member' : 'Department'} names are not available here`);
  const name = resolve.call(ctx.resolvers, id);
  return name ?? fail('#N/A', `Unknown ${kind} "${id}"`);
}

export const otherFunctions: FunctionDecl[] = [
  define({
    name: 'RECNO',
    category: 'other',
    params: [],
    returns: 'number',
    volatile: false,
    description: {
      'zh-CN': '返回记录的序号（新记录为空）',
      en: 'The record number (empty for a new record)',
    },
    example: 'RECNO() -> 42',
    impl: (_a, ctx) =>
      ctx.recordNumber === undefined ? null : (fromRaw(ctx.recordNumber, 'number', ctx.timeZone) as Value),
  }),
  define({
    name: 'TEXTUSER',
    category: 'other',
    params: [{ name: 'member', type: 'member' }],
    returns: (t) => (typeof t[0] === 'object' && t[0] !== null ? { array: 'text' } : 'text'),
    volatile: false,
    description: {
      'zh-CN': '返回成员的姓名（多个成员返回数组）',
      en: 'Name of a member (a list for several members)',
    },
    example: 'TEXTUSER({owner}) -> "张三"',
    impl: (a, ctx) => nameOf(val(a, 0), 'member', ctx),
  }),
  define({
    name: 'TEXTDEPT',
    category: 'other',
    params: [{ name: 'department', type: 'department' }],
    returns: (t) => (typeof t[0] === 'object' && t[0] !== null ? { array: 'text' } : 'text'),
    volatile: false,
    description: {
      'zh-CN': '返回部门的名称（多个部门返回数组）',
      en: 'Name of a department (a list for several)',
    },
    example: 'TEXTDEPT({dept}) -> "销售部"',
    impl: (a, ctx) => nameOf(val(a, 0), 'department', ctx),
  }),
  define({
    name: 'MAPX',
    category: 'other',
    params: [
      { name: 'operation', type: 'text' },
      { name: 'match_value', type: 'any' },
      { name: 'match_field', type: 'fieldref' },
      { name: 'return_field', type: 'fieldref' },
    ],
    returns: 'any',
    volatile: true,
    description: {
      'zh-CN':
        '在其他表单中查找匹配字段等于给定值的记录，返回其字段值（操作：GET、SUM、COUNT 等，由服务端提供）',
      en: 'Look up records of another form whose match field equals a value and return a field (GET, SUM, COUNT... resolved by the server)',
    },
    example: 'MAPX("GET", {customer}, {customers.code}, {customers.phone}) -> "13800000000"',
    lazy: (args, ev, ctx) => {
      const [opNode, valueNode, matchNode, returnNode] = args;
      if (matchNode?.kind !== 'field' || returnNode?.kind !== 'field') {
        return fail('#VALUE!', 'MAPX: the 3rd and 4th arguments must be field references like {form.field}');
      }
      const resolver = ctx.resolvers.mapx;
      if (!resolver) return fail('#N/A', 'MAPX lookups are only available on the server');
      const op = toText(ev(opNode!), ctx.timeZone).toUpperCase();
      const matchValue = ev(valueNode!);
      const raw = resolver.call(ctx.resolvers, {
        op,
        matchValue: toResult(matchValue, ctx.timeZone),
        matchField: {
          id: matchNode.id,
          ...(matchNode.column === undefined ? {} : { column: matchNode.column }),
        },
        returnField: {
          id: returnNode.id,
          ...(returnNode.column === undefined ? {} : { column: returnNode.column }),
        },
      });
      ctx.step(Array.isArray(raw) ? raw.length : 1);
      return fromRaw(raw, undefined, ctx.timeZone);
    },
  }),
];
