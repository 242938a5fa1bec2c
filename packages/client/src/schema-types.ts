// Definition and query types come from @tangram/schema (generated from its JSON Schema files).
export type {
  AggregateQuery,
  AppDefinition,
  FieldDefinition,
  FieldType,
  Filter,
  FormDefinition,
  I18NText,
  SortKey,
} from '@tangram/schema';
import type { AppDefinition, I18NText } from '@tangram/schema';

/** A label in the languages the UI speaks: `{ "zh-CN": "客户", "en": "Customer" }`. */
export type I18nText = I18NText;

/** What `POST /apps` accepts: a definition whose id the server assigns when missing. */
export type NewAppDefinition = Omit<AppDefinition, 'id'> & { id?: string };
