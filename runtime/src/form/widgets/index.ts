import { AttachmentWidget, ImageWidget, SignatureWidget } from './file.widgets';
import {
  BooleanWidget,
  CheckboxesWidget,
  MultiselectWidget,
  RadioWidget,
  SelectWidget,
} from './choice.widgets';
import { AddressWidget, LocationWidget } from './composite.widgets';
import { DateWidget, DatetimeWidget, TimeWidget } from './date.widgets';
import { MoneyWidget, NumberWidget, PercentWidget } from './number.widgets';
import { DepartmentsWidget, DepartmentWidget, MembersWidget, MemberWidget } from './org.widgets';
import {
  DescriptionWidget,
  DividerWidget,
  FormulaWidget,
  LookupWidget,
  RelationWidget,
  SerialWidget,
  SubformWidget,
} from './structure.widgets';
import {
  EmailWidget,
  PhoneWidget,
  RichtextWidget,
  TextareaWidget,
  TextWidget,
  UrlWidget,
} from './text.widgets';
import type { WidgetRegistry } from './widget';

/** The runtime's widget for every field type; `satisfies` makes a missing type a compile error. */
const builtInWidgets = {
  text: TextWidget,
  textarea: TextareaWidget,
  number: NumberWidget,
  money: MoneyWidget,
  percent: PercentWidget,
  date: DateWidget,
  datetime: DatetimeWidget,
  time: TimeWidget,
  radio: RadioWidget,
  checkboxes: CheckboxesWidget,
  select: SelectWidget,
  multiselect: MultiselectWidget,
  boolean: BooleanWidget,
  phone: PhoneWidget,
  email: EmailWidget,
  url: UrlWidget,
  address: AddressWidget,
  location: LocationWidget,
  member: MemberWidget,
  members: MembersWidget,
  department: DepartmentWidget,
  departments: DepartmentsWidget,
  image: ImageWidget,
  attachment: AttachmentWidget,
  signature: SignatureWidget,
  richtext: RichtextWidget,
  subform: SubformWidget,
  relation: RelationWidget,
  lookup: LookupWidget,
  serial: SerialWidget,
  formula: FormulaWidget,
  description: DescriptionWidget,
  divider: DividerWidget,
} satisfies WidgetRegistry;

/** A widget registry instance (the studio may pass its own to the renderer). */
export function createWidgetRegistry(overrides: Partial<WidgetRegistry> = {}): WidgetRegistry {
  return { ...builtInWidgets, ...overrides } as WidgetRegistry;
}

export type { Widget, WidgetProps, WidgetRegistry } from './widget';
