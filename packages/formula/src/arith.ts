/** Arithmetic shared by operators and functions: powers and date shifts with Excel's errors. */
import type { Decimal } from './decimal';
import { MS_PER_DAY } from './dates';
import { FormulaError } from './types';
import type { DateTimeValue, DateValue, Value } from './types';
import { dateTimeValue, dateValue, instantOf } from './values';

/** `base ^ exponent`: 0^negative is #DIV/0!, negative^fraction is #NUM!, overflow is #NUM!. */
export function power(base: Decimal, exponent: Decimal): Decimal {
  if (base.isZero() && exponent.isNegative()) throw new FormulaError('#DIV/0!', 'Zero to a negative power');
  if (base.isNegative() && !exponent.isInteger())
    throw new FormulaError('#NUM!', 'Negative number to a fractional power');
  if (exponent.abs().gt(1e6) && !base.abs().eq(1) && !base.isZero())
    throw new FormulaError('#NUM!', 'Exponent is too large');
  const r = base.pow(exponent);
  if (!r.isFinite()) throw new FormulaError('#NUM!', 'Result is too large');
  return r;
}

/** date + days: a date for whole days, a datetime when the days have a fraction. */
export function addDays(date: DateValue | DateTimeValue, days: Decimal, timeZone: string): Value {
  if (days.abs().gt(3_000_000)) throw new FormulaError('#NUM!', 'Date out of range');
  if (date.kind === 'date' && days.isInteger()) return dateValue(date.day + days.toNumber());
  const ms = date.kind === 'datetime' ? date.ms : instantOf(date, timeZone);
  return dateTimeValue(ms + days.times(MS_PER_DAY).round().toNumber());
}
