import {
  getCountries,
  getExampleNumber,
  parsePhoneNumberFromString,
  type CountryCode,
} from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';

/**
 * Phone numbers are checked against the numbering plan of the organisation's country with
 * libphonenumber-js and its `max` metadata (about 40 kB gzipped). The `min` metadata (20 kB) checks
 * only lengths, so it lets through "12345678901" in China, the kind of typo the check exists to
 * catch; decision 0038 records the trade. The same code runs in the browser and on the server.
 */

/** The country an organisation starts with (an ISO 3166-1 alpha-2 code). */
export const DEFAULT_COUNTRY = 'CN';

/** What a write check may need beyond the field: the organisation's country for phone numbers. */
export interface CheckContext {
  country: string;
}

export const DEFAULT_CHECK_CONTEXT: CheckContext = { country: DEFAULT_COUNTRY };

const supported = new Set<string>(getCountries());

/** Whether a code is a country whose phone numbers can be checked (`CN`, `US`, ...). */
export const isPhoneCountry = (code: string): boolean => supported.has(code);

/** Every country code the phone check knows, sorted. */
export const phoneCountries = (): string[] => [...supported].sort();

/** An example mobile number of the country, written as people there write it ("138 0013 8000"). */
export function phoneExample(country: string): string | null {
  if (!isPhoneCountry(country)) return null;
  return getExampleNumber(country as CountryCode, examples)?.formatNational() ?? null;
}

/** The country's name in a UI language ("China", "中国"); the code when the runtime has no names. */
export function countryName(country: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(country) ?? country;
  } catch {
    return country;
  }
}

/**
 * Whether a phone number is valid: a number written with its country code (`+44 20 7946 0958`) is
 * checked against that country's plan, any other against `country`'s. Spaces, dashes, dots and
 * brackets are allowed as people type them.
 */
export function isValidPhone(text: string, country: string): boolean {
  const home = isPhoneCountry(country) ? (country as CountryCode) : (DEFAULT_COUNTRY as CountryCode);
  const parsed = parsePhoneNumberFromString(text, home);
  return parsed?.isValid() ?? false;
}
