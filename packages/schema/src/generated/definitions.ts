/* eslint-disable */
/** Generated from packages/schema/schemas/*.schema.json by `pnpm gen`. Do not edit. */

/**
 * A stable identifier: a letter, then letters, digits or underscores (at most 63). Never reused once deleted.
 */
export type Id = string;
export type FieldDefinition =
  | TextField
  | TextareaField
  | NumberField
  | MoneyField
  | PercentField
  | DateField
  | DatetimeField
  | TimeField
  | SelectField
  | MultiselectField
  | RadioField
  | CheckboxesField
  | BooleanField
  | PhoneField
  | EmailField
  | UrlField
  | AddressField
  | LocationField
  | MemberField
  | MembersField
  | DepartmentField
  | DepartmentsField
  | ImageField
  | AttachmentField
  | SignatureField
  | RichtextField
  | SubformField
  | RelationField
  | LookupField
  | SerialField
  | FormulaField
  | DescriptionField
  | DividerField;
export type TextField = FieldBase & {
  type: 'text';
  config?: TextConfig;
};
export type DefaultValue =
  | {
      kind: 'static';
      value: unknown;
    }
  | {
      kind: 'formula';
      formula: string;
    }
  | {
      kind: 'linkage';
      form: Id;
      /**
       * @minItems 1
       * @maxItems 5
       */
      match: {
        source: Id;
        target: Id;
      }[];
      take: Id;
    };
export type TextareaField = FieldBase & {
  type: 'textarea';
  config?: TextareaConfig;
};
export type NumberField = FieldBase & {
  type: 'number';
  config?: NumberConfig;
};
export type MoneyField = FieldBase & {
  type: 'money';
  config?: MoneyConfig;
};
export type PercentField = FieldBase & {
  type: 'percent';
  config?: PercentConfig;
};
export type DateField = FieldBase & {
  type: 'date';
  config?: DateConfig;
};
export type DatetimeField = FieldBase & {
  type: 'datetime';
  config?: DatetimeConfig;
};
export type TimeField = FieldBase & {
  type: 'time';
  config?: TimeConfig;
};
export type SelectField = FieldBase & {
  type: 'select';
  config: SelectConfig;
};
export type MultiselectField = FieldBase & {
  type: 'multiselect';
  config: MultiSelectConfig;
};
export type RadioField = FieldBase & {
  type: 'radio';
  config: SelectConfig;
};
export type CheckboxesField = FieldBase & {
  type: 'checkboxes';
  config: MultiSelectConfig;
};
export type BooleanField = FieldBase & {
  type: 'boolean';
  config?: EmptyConfig;
};
export type PhoneField = FieldBase & {
  type: 'phone';
  config?: PhoneConfig;
};
export type EmailField = FieldBase & {
  type: 'email';
  config?: EmptyConfig;
};
export type UrlField = FieldBase & {
  type: 'url';
  config?: EmptyConfig;
};
export type AddressField = FieldBase & {
  type: 'address';
  config?: AddressConfig;
};
export type LocationField = FieldBase & {
  type: 'location';
  config?: LocationConfig;
};
export type MemberField = FieldBase & {
  type: 'member';
  config?: MemberConfig;
};
export type MembersField = FieldBase & {
  type: 'members';
  config?: MemberConfig;
};
export type DepartmentField = FieldBase & {
  type: 'department';
  config?: DepartmentConfig;
};
export type DepartmentsField = FieldBase & {
  type: 'departments';
  config?: DepartmentConfig;
};
export type ImageField = FieldBase & {
  type: 'image';
  config?: FileConfig;
};
export type AttachmentField = FieldBase & {
  type: 'attachment';
  config?: FileConfig;
};
export type SignatureField = FieldBase & {
  type: 'signature';
  config?: EmptyConfig;
};
export type RichtextField = FieldBase & {
  type: 'richtext';
  config?: EmptyConfig;
};
export type SubformField = FieldBase & {
  type: 'subform';
  config: SubformConfig;
};
export type RelationField = FieldBase & {
  type: 'relation';
  config: RelationConfig;
};
export type Filter = FilterGroup | Comparison;
/**
 * A field id of the form, or a system column: id, createdAt, updatedAt, createdBy, updatedBy, ownerId.
 */
export type FieldRef = string;
export type Operator =
  | 'eq'
  | 'ne'
  | 'gt'
  | 'gte'
  | 'lt'
  | 'lte'
  | 'between'
  | 'in'
  | 'notIn'
  | 'contains'
  | 'notContains'
  | 'startsWith'
  | 'isEmpty'
  | 'isNotEmpty';
/**
 * A literal, a list of literals (in, notIn, between) or a dynamic value resolved when the query runs.
 */
export type FilterValue =
  string | number | boolean | null | (string | number | boolean | null)[] | DynamicValue;
export type LookupField = FieldBase & {
  type: 'lookup';
  config: LookupConfig;
};
/**
 * Only linked records matching this filter (over the related form's fields) count.
 */
export type Filter1 = FilterGroup | Comparison;
export type SerialField = FieldBase & {
  type: 'serial';
  config: SerialConfig;
};
export type SerialPart =
  | {
      kind: 'text';
      text: string;
    }
  | {
      kind: 'date';
      format: 'YYYY' | 'YYYYMM' | 'YYYYMMDD' | 'YYMMDD';
    }
  | {
      kind: 'counter';
      digits: number;
      reset?: 'never' | 'day' | 'month' | 'year';
    };
export type FormulaField = FieldBase & {
  type: 'formula';
  config: FormulaConfig;
};
export type DescriptionField = FieldBase & {
  type: 'description';
  config: DescriptionConfig;
};
export type DividerField = FieldBase & {
  type: 'divider';
  config?: DividerConfig;
};
export type LayoutNode = LayoutRow | LayoutSection | LayoutTabs;
export type PrintBlock = PrintFieldsRow | PrintSubformTable | PrintText;
/**
 * A set of org members: everyone, chosen users, the members of departments (optionally with their sub-departments) or of org roles.
 */
export type Audience =
  | {
      kind: 'everyone';
    }
  | {
      kind: 'users';
      ids: DirectoryIds;
    }
  | {
      kind: 'departments';
      ids: DirectoryIds;
      includeSubDepartments?: boolean;
    }
  | {
      kind: 'roles';
      ids: DirectoryIds;
    };
/**
 * Ids of the org directory (users, departments, roles): they live outside the definition.
 *
 * @minItems 1
 * @maxItems 500
 */
export type DirectoryIds = string[];
/**
 * What a group may do on a form. edit, delete, export, print and manage imply view; import implies create.
 */
export type PermissionAction =
  'view' | 'create' | 'edit' | 'delete' | 'import' | 'export' | 'print' | 'manage';
/**
 * Which records a group reaches: all; those the user owns; those owned by the user's departments (optionally with their sub-departments); those whose member or department field contains the user (or one of their departments); or a custom filter (dynamic values such as currentUser resolve when the query runs).
 */
export type RowScope =
  | {
      kind: 'all';
    }
  | {
      kind: 'own';
    }
  | {
      kind: 'department';
      includeSubDepartments?: boolean;
    }
  | {
      kind: 'fieldContainsMe';
      field: Id;
    }
  | {
      kind: 'custom';
      filter: Filter;
    };
/**
 * "all" (fields added later included) or a list of top-level field ids (a subform is masked as a whole).
 */
export type FieldSelection = 'all' | Id1[];
/**
 * A stable identifier: a letter, then letters, digits or underscores (at most 63). Never reused once deleted.
 */
export type Id1 = string;
/**
 * A stable identifier: a letter, then letters, digits or underscores (at most 63). Never reused once deleted.
 */
export type Id2 = string;
export type WorkflowNode =
  StartNode | ApproveNode | FillNode | CcNode | BranchNode | ForkNode | JoinNode | AutomationNode | EndNode;
/**
 * Per-field access at a node. Fields not listed are read-only (visible, not editable) at approve/fill/cc nodes and as the form says at the start node.
 *
 * @maxItems 1000
 */
export type FieldAccessList = FieldAccess[];
/**
 * Who handles a node. Sets are resolved when the node is entered and deduplicated in order.
 */
export type Assignee =
  | {
      kind: 'users';
      /**
       * @minItems 1
       * @maxItems 100
       */
      ids: string[];
    }
  | {
      kind: 'roles';
      /**
       * @minItems 1
       * @maxItems 50
       */
      ids: string[];
    }
  | {
      kind: 'departmentLeaders';
      /**
       * @minItems 1
       * @maxItems 50
       */
      ids: string[];
    }
  | {
      kind: 'submitter';
    }
  | {
      kind: 'submitterManager';
      level: number;
    }
  | {
      kind: 'field';
      field: Id;
    };
/**
 * @minItems 1
 * @maxItems 50
 */
export type AssigneeList = Assignee[];
/**
 * any: the first approver decides (或签); all: everyone must approve, one rejection rejects (会签); sequence: one after another in the resolved order (依次审批). Default any.
 */
export type ApprovalMode = 'any' | 'all' | 'sequence';
/**
 * Which optional actions handlers of the node may use (approve/submit and comment are always allowed; reject is allowed at approve nodes unless omitted from a list that is given).
 */
export type NodeActions = ('reject' | 'transfer' | 'addApprover' | 'sign')[];
/**
 * Where a rejection may send the record: back to the submitter (start), to the previous handled node, to a chosen earlier node, or end the instance as rejected. The first listed is the default. Default ["end"].
 *
 * @minItems 1
 */
export type RejectTargets = ('end' | 'start' | 'previous' | 'chosen')[];
/**
 * What happens when the assignee set resolves to nobody at run time: pass the node (default), or hand it to the app's admins.
 */
export type NoAssigneePolicy = 'pass' | 'admin';
/**
 * A stable identifier: a letter, then letters, digits or underscores (at most 63). Never reused once deleted.
 */
export type Id3 = string;
/**
 * A stable identifier: a letter, then letters, digits or underscores (at most 63). Never reused once deleted.
 */
export type Id4 = string;
export type AutomationTrigger =
  RecordTrigger | WorkflowTrigger | ScheduleTrigger | ButtonTrigger | WebhookTrigger;
/**
 * A stable identifier: a letter, then letters, digits or underscores (at most 63). Never reused once deleted.
 */
export type Id5 = string;
export type AutomationAction =
  | CreateRecordAction
  | UpdateRecordsAction
  | UpsertRecordAction
  | DeleteRecordsAction
  | NotifyAction
  | WebhookAction;
/**
 * A stable identifier: a letter, then letters, digits or underscores (at most 63). Never reused once deleted.
 */
export type Id6 = string;
/**
 * A stable identifier: a letter, then letters, digits or underscores (at most 63). Never reused once deleted.
 */
export type Id7 = string;
export type ValueSource =
  | {
      kind: 'static';
      value: unknown;
    }
  | {
      kind: 'field';
      field: Id;
    }
  | {
      kind: 'row';
      field: Id;
    }
  | {
      kind: 'formula';
      expression: string;
    }
  | {
      kind: 'rows';
      from: Id;
      values: FieldMappingList;
    }
  | {
      kind: 'earlier';
      /**
       * The earlier action's index (0-based) in `actions`.
       */
      action: number;
      field?: Id8;
    };
/**
 * A stable identifier: a letter, then letters, digits or underscores (at most 63). Never reused once deleted.
 */
export type Id8 = string;
/**
 * @maxItems 200
 */
export type FieldMappingList = FieldMapping[];
/**
 * A stable identifier: a letter, then letters, digits or underscores (at most 63). Never reused once deleted.
 */
export type Id9 = string;
export type RecordSelector =
  | {
      kind: 'trigger';
    }
  | {
      kind: 'match';
      match: FieldMappingList;
    }
  | {
      kind: 'filter';
      filter: Filter;
    };
/**
 * A stable identifier: a letter, then letters, digits or underscores (at most 63). Never reused once deleted.
 */
export type Id10 = string;
/**
 * A stable identifier: a letter, then letters, digits or underscores (at most 63). Never reused once deleted.
 */
export type Id11 = string;
/**
 * A stable identifier: a letter, then letters, digits or underscores (at most 63). Never reused once deleted.
 */
export type Id12 = string;
/**
 * A stable identifier: a letter, then letters, digits or underscores (at most 63). Never reused once deleted.
 */
export type Id13 = string;
/**
 * A stable identifier: a letter, then letters, digits or underscores (at most 63). Never reused once deleted.
 */
export type Id14 = string;
/**
 * What one source record or line posts to a measure: a number field's value (a formula field of the source works for computed amounts) or a constant (1 counts lines), times the sign.
 */
export type AggregatePosting =
  | {
      field: Id;
      from?: 'line' | 'record';
      sign: 1 | -1;
    }
  | {
      constant: number;
      sign: 1 | -1;
    };
/**
 * Which source records count (e.g. workflowStatus is approved), over the record's fields and system fields. Without it every live record counts.
 */
export type Filter2 = FilterGroup | Comparison;
export type Widget = ChartWidget | TableWidget | TextWidget;
/**
 * What an aggregating widget reads: a form's (or subform's) records, or the balances of an aggregate table.
 */
export type ChartSource = WidgetSource | AggregateWidgetSource;
export type DateBucket = 'day' | 'week' | 'month' | 'quarter' | 'year';
export type NavItem =
  | {
      kind: 'group';
      id: Id;
      label: I18NText;
      /**
       * @maxItems 500
       */
      items: NavLink[];
    }
  | NavLink;
/**
 * What a group may do on a form. edit, delete, export, print and manage imply view; import implies create.
 */
export type PermissionAction1 =
  'view' | 'create' | 'edit' | 'delete' | 'import' | 'export' | 'print' | 'manage';
export type FieldType =
  | 'text'
  | 'textarea'
  | 'number'
  | 'money'
  | 'percent'
  | 'date'
  | 'datetime'
  | 'time'
  | 'select'
  | 'multiselect'
  | 'radio'
  | 'checkboxes'
  | 'boolean'
  | 'phone'
  | 'email'
  | 'url'
  | 'address'
  | 'location'
  | 'member'
  | 'members'
  | 'department'
  | 'departments'
  | 'image'
  | 'attachment'
  | 'signature'
  | 'richtext'
  | 'subform'
  | 'relation'
  | 'lookup'
  | 'serial'
  | 'formula'
  | 'description'
  | 'divider';
/**
 * A config without kind is a grid, so older configs stay valid.
 */
export type ViewKind = 'grid' | 'kanban' | 'calendar' | 'gallery' | 'gantt';
export type ViewFieldRef = string;
/**
 * Collapsed groups by group value ('' = the "no value" group).
 *
 * @maxItems 200
 */
export type GroupValues = string[];
/**
 * @maxItems 20
 */
export type ViewFieldList = ViewFieldRef[];
export type GanttZoom = 'day' | 'week' | 'month';

export interface TangramDefinitions {
  app?: AppDefinition;
  form?: FormDefinition;
  printTemplate?: PrintTemplate;
  field?: FieldDefinition;
  fieldType?: FieldType;
  filter?: Filter;
  sortKey?: SortKey;
  aggregate?: AggregateQuery;
  dashboard?: Dashboard;
  workflow?: WorkflowDefinition;
  aggregateDefinition?: AggregateDefinition;
  automation?: AutomationDefinition;
  viewConfig?: ViewConfig;
}
/**
 * One app: its forms, workflows, automations, aggregates, dashboards, navigation and roles. The whole app is one JSON document.
 */
export interface AppDefinition {
  id: Id;
  name: I18NText;
  description?: LongI18NText;
  /**
   * An icon name from the built-in icon set.
   */
  icon?: string;
  color?: string;
  /**
   * Version of this definition format; older ones are upgraded on load.
   */
  formatVersion: number;
  /**
   * Save counter, assigned by the server.
   */
  version?: number;
  /**
   * @maxItems 500
   */
  forms: FormDefinition[];
  /**
   * @maxItems 500
   */
  workflows?: WorkflowDefinition[];
  /**
   * @maxItems 200
   */
  automations?: AutomationDefinition[];
  /**
   * @maxItems 100
   */
  aggregates?: AggregateDefinition[];
  dashboards?: Dashboard[];
  /**
   * @maxItems 1000
   */
  navigation?: NavItem[];
  /**
   * @maxItems 200
   */
  roles?: AppRole[];
  access?: AppAccess;
}
/**
 * A text in the languages the UI speaks.
 */
export interface I18NText {
  'zh-CN'?: string;
  en?: string;
}
/**
 * A longer translated text (descriptions, help).
 */
export interface LongI18NText {
  'zh-CN'?: string;
  en?: string;
}
export interface FormDefinition {
  id: Id;
  name: I18NText;
  description?: LongI18NText;
  /**
   * @maxItems 500
   */
  fields: FieldDefinition[];
  layout?: FormLayout;
  titleField?: Id;
  /**
   * Whether a record of this form lists the records of any app that link to it, and the balances keyed by it, in a Related tab (decision 0060). Default true.
   */
  showRelated?: boolean;
  rules?: FormRules;
  workflowId?: Id;
  /**
   * Optional per-form record numbering used by RECNO().
   */
  numbering?: {
    start?: number;
  };
  /**
   * Print templates of the form (decision 0045); without any, the form prints with a default template built from its layout.
   *
   * @maxItems 20
   */
  printTemplates?: PrintTemplate[];
  /**
   * Who may do what on which records and fields of this form. Without groups, app members get the app's defaultFormActions (see AppAccess).
   *
   * @maxItems 100
   */
  permissionGroups?: PermissionGroup[];
}
export interface FieldBase {
  id: Id;
  label: I18NText;
  description?: LongI18NText;
  placeholder?: I18NText;
  required?: boolean;
  unique?: boolean;
  readOnly?: boolean;
  hidden?: boolean;
  default?: DefaultValue;
}
export interface TextConfig {
  minLength?: number;
  maxLength?: number;
  /**
   * A regular expression the whole value must match.
   */
  pattern?: string;
  patternMessage?: I18NText;
}
export interface TextareaConfig {
  minLength?: number;
  maxLength?: number;
  rows?: number;
}
export interface NumberConfig {
  /**
   * Digits after the decimal point; a value with more decimals is refused, never rounded silently.
   */
  precision?: number;
  unit?: string;
  thousands?: boolean;
  min?: number;
  max?: number;
}
export interface MoneyConfig {
  currency?: string;
  precision?: number;
  min?: number;
  max?: number;
}
/**
 * Stored as a fraction: 12.5% is 0.125.
 */
export interface PercentConfig {
  precision?: number;
  min?: number;
  max?: number;
}
export interface DateConfig {
  format?: 'YYYY-MM-DD' | 'YYYY/MM/DD' | 'YYYY-MM' | 'YYYY';
  min?: string;
  max?: string;
}
export interface DatetimeConfig {
  format?: 'YYYY-MM-DD HH:mm' | 'YYYY-MM-DD HH:mm:ss';
}
export interface TimeConfig {
  format?: 'HH:mm' | 'HH:mm:ss';
}
export interface SelectConfig {
  /**
   * @maxItems 1000
   */
  options: SelectOption[];
  /**
   * Accept a value that is not among the options.
   */
  allowOther?: boolean;
}
export interface SelectOption {
  value: string;
  label: I18NText;
  color?: string;
}
export interface MultiSelectConfig {
  /**
   * @maxItems 1000
   */
  options: SelectOption[];
  allowOther?: boolean;
  minItems?: number;
  maxItems?: number;
}
export interface EmptyConfig {}
export interface PhoneConfig {
  /**
   * Accept any phone number shape (digits, spaces, +, brackets, dashes) instead of checking it against the organisation's country.
   */
  anyFormat?: boolean;
}
export interface AddressConfig {
  /**
   * How deep the address goes; detail adds a street line.
   */
  level?: 'province' | 'city' | 'district' | 'detail';
}
export interface LocationConfig {
  radiusMeters?: number;
}
export interface MemberConfig {
  scope?: MemberScope;
}
/**
 * Whom the picker offers; empty means everyone in the org.
 */
export interface MemberScope {
  userIds?: string[];
  departmentIds?: string[];
  roleIds?: string[];
}
export interface DepartmentConfig {
  rootDepartmentIds?: string[];
}
export interface FileConfig {
  maxFiles?: number;
  maxSizeMb?: number;
  /**
   * MIME types or extensions, e.g. image/png or .pdf.
   */
  accept?: string[];
}
/**
 * Rows of sub-fields. Sub-fields may not be subforms, relations, lookups or layout fields.
 */
export interface SubformConfig {
  /**
   * @maxItems 200
   */
  fields: FieldDefinition[];
  minRows?: number;
  maxRows?: number;
}
/**
 * Links to records of another form (关联数据); the column holds record ids.
 */
export interface RelationConfig {
  app?: Id;
  form: Id;
  multiple?: boolean;
  displayField?: Id;
  filter?: Filter;
}
/**
 * All (and) or any (or) of the nested conditions hold. An empty `and` is true, an empty `or` is false.
 */
export interface FilterGroup {
  kind: 'and' | 'or';
  /**
   * @maxItems 200
   */
  items: Filter[];
}
export interface Comparison {
  kind: 'cmp';
  field: FieldRef;
  op: Operator;
  value?: FilterValue;
}
export interface DynamicValue {
  dynamic:
    | 'currentUser'
    | 'currentUserDepartments'
    | 'today'
    | 'now'
    | 'thisWeek'
    | 'lastWeek'
    | 'thisMonth'
    | 'lastMonth'
    | 'thisQuarter'
    | 'lastQuarter'
    | 'thisYear'
    | 'lastYear'
    | 'lastNDays';
  n?: number;
}
/**
 * Shows or aggregates field `field` of the records linked through the relation field `relation` of this form (关联查询 / rollup), or (with `balance` instead) a balance of an aggregate table for keys taken from this record. Computed by the server when records are read, in exact decimals; not stored (decisions 0031, 0036).
 */
export interface LookupConfig {
  relation?: Id;
  field?: Id;
  /**
   * none shows the field (one value for a single relation, a list for a multiple one); count counts the linked records; sum and avg need a number field; min and max a number, date or time field; concat joins the values as text.
   */
  aggregate?: 'none' | 'count' | 'sum' | 'avg' | 'min' | 'max' | 'concat';
  filter?: Filter1;
  balance?: BalanceLookup;
}
/**
 * A balance of aggregate table `aggregate` (e.g. available stock): measure `measure` at the key whose values are this form's fields named in `keys` (per aggregate key id; `from: record` reads a field of the parent record when the lookup sits in a subform row). An empty key value shows no balance; a key with no postings shows 0 (decision 0036).
 */
export interface BalanceLookup {
  aggregate: Id;
  measure: Id;
  keys: {
    [k: string]:
      | {
          field: Id;
          /**
           * row (default): a field of the row (or record) the lookup is in; record: a field of the parent record of a subform row.
           */
          from?: 'row' | 'record';
        }
      | undefined;
  };
}
/**
 * 流水号: assigned by the server on create, gap-free per form.
 */
export interface SerialConfig {
  /**
   * @minItems 1
   * @maxItems 10
   */
  parts: SerialPart[];
}
/**
 * Computed by the server on every write; read-only.
 */
export interface FormulaConfig {
  formula: string;
  resultType: 'number' | 'text' | 'boolean' | 'date' | 'datetime';
  precision?: number;
  /**
   * A number result shown as money in this currency (ISO 4217), like a money field.
   */
  currency?: string;
  /**
   * Whether a number result shows thousands separators (default true, like money).
   */
  thousands?: boolean;
}
/**
 * Display-only text on the form.
 */
export interface DescriptionConfig {
  content: LongI18NText;
}
export interface DividerConfig {
  title?: I18NText;
}
/**
 * How fields are arranged. Without a layout, each field takes a full row in the order of `fields`.
 */
export interface FormLayout {
  /**
   * @maxItems 500
   */
  items: LayoutNode[];
}
/**
 * One row of 1 to 4 fields; spans add up to at most 24 (grid columns).
 */
export interface LayoutRow {
  kind: 'row';
  /**
   * @minItems 1
   * @maxItems 4
   */
  cells: {
    field: Id;
    span?: number;
  }[];
}
export interface LayoutSection {
  kind: 'section';
  id: Id;
  title: I18NText;
  collapsed?: boolean;
  /**
   * @maxItems 500
   */
  items: LayoutNode[];
}
export interface LayoutTabs {
  kind: 'tabs';
  id: Id;
  /**
   * @minItems 1
   * @maxItems 20
   */
  tabs: {
    id: Id;
    title: I18NText;
    /**
     * @maxItems 500
     */
    items: LayoutNode[];
  }[];
}
export interface FormRules {
  /**
   * @maxItems 500
   */
  visibility?: VisibilityRule[];
  /**
   * @maxItems 200
   */
  validation?: ValidationRule[];
}
/**
 * Show the listed fields only while the condition holds.
 */
export interface VisibilityRule {
  id: Id;
  when: Filter;
  /**
   * @minItems 1
   */
  show: Id[];
}
/**
 * A formula that must return TRUE for the record to be saved; otherwise the message is shown.
 */
export interface ValidationRule {
  id: Id;
  formula: string;
  message: I18NText;
}
/**
 * How records of a form are printed to PDF (decision 0045): the page, a header and footer, and a body of rows of fields, subform tables and static text. Without templates a form prints with a default template built from its layout.
 */
export interface PrintTemplate {
  id: Id;
  name: I18NText;
  page?: PrintPage;
  header?: PrintHeader;
  footer?: PrintFooter;
  /**
   * @maxItems 200
   */
  body: PrintBlock[];
}
/**
 * Paper size, orientation and margins in millimetres.
 */
export interface PrintPage {
  size?: 'A4' | 'A5' | 'Letter';
  orientation?: 'portrait' | 'landscape';
  margins?: {
    top?: number;
    right?: number;
    bottom?: number;
    left?: number;
  };
}
/**
 * The top of every page: the company name (the organisation's name), a logo (an uploaded image file id, or the app icon) and a title (default: the form's name).
 */
export interface PrintHeader {
  companyName?: boolean;
  logo?:
    | {
        kind: 'none';
      }
    | {
        kind: 'appIcon';
      }
    | {
        kind: 'file';
        fileId: string;
      };
  title?: I18NText;
}
/**
 * The bottom of every page: a text and page numbers ("1 / 3").
 */
export interface PrintFooter {
  text?: I18NText;
  pageNumbers?: boolean;
}
/**
 * One row of 1 to 4 top-level fields, each shown as label and value, in equal columns.
 */
export interface PrintFieldsRow {
  kind: 'fields';
  /**
   * @minItems 1
   * @maxItems 4
   */
  fields: Id[];
}
/**
 * A subform printed as a table of the chosen sub-fields (all of them when `columns` is left out).
 */
export interface PrintSubformTable {
  kind: 'subform';
  field: Id;
  /**
   * @minItems 1
   * @maxItems 12
   */
  columns?: Id[];
}
/**
 * A static paragraph.
 */
export interface PrintText {
  kind: 'text';
  text: I18NText;
  size?: 'small' | 'normal' | 'large';
}
/**
 * One permission group of a form. Groups that match a user combine as a union (see docs/decisions/0022-grant-model.md). Without `fields`, every field is visible and editable.
 */
export interface PermissionGroup {
  id: Id;
  name: I18NText;
  description?: I18NText;
  /**
   * @maxItems 50
   */
  members: Audience[];
  /**
   * @maxItems 8
   */
  actions: PermissionAction[];
  scope: RowScope;
  fields?: PermissionFields;
}
/**
 * The fields a group sees and may change; editable fields must also be visible.
 */
export interface PermissionFields {
  visible: FieldSelection;
  editable: FieldSelection;
}
export interface WorkflowDefinition {
  id: Id;
  name: I18NText;
  description?: LongI18NText;
  form: Id2;
  /**
   * Exactly one start node; every node reachable from it; at least one end node.
   *
   * @minItems 2
   * @maxItems 200
   */
  nodes: WorkflowNode[];
  settings?: WorkflowSettings;
}
/**
 * Where the submitter fills in the form. `fields` limits what the submitter may see and edit (default: as the form says).
 */
export interface StartNode {
  type: 'start';
  id: Id;
  name?: I18NText;
  fields?: FieldAccessList;
  next: Id;
}
export interface FieldAccess {
  field: Id;
  /**
   * hidden: not shown and not sent; read: shown; edit: editable; required: editable and must have a value to move on.
   */
  access: 'hidden' | 'read' | 'edit' | 'required';
}
/**
 * Approvers decide: approve moves on, reject sends the record back.
 */
export interface ApproveNode {
  type: 'approve';
  id: Id;
  name?: I18NText;
  assignees: AssigneeList;
  mode?: ApprovalMode;
  fields?: FieldAccessList;
  actions?: NodeActions;
  rejectTo?: RejectTargets;
  /**
   * Approving or rejecting needs a hand-written signature.
   */
  signatureRequired?: boolean;
  commentRequired?: boolean;
  whenNoAssignee?: NoAssigneePolicy;
  timeout?: NodeTimeout;
  next: Id;
}
/**
 * Reminders and an automatic action when a node waits too long. Durations in minutes.
 */
export interface NodeTimeout {
  remindAfterMinutes?: number;
  remindEveryMinutes?: number;
  actAfterMinutes?: number;
  action?: 'approve' | 'reject' | 'escalate';
  escalateTo?: AssigneeList;
}
/**
 * Handlers complete fields of the record (填写节点); submitting moves on.
 */
export interface FillNode {
  type: 'fill';
  id: Id;
  name?: I18NText;
  assignees: AssigneeList;
  mode?: ApprovalMode;
  fields?: FieldAccessList;
  actions?: NodeActions;
  rejectTo?: RejectTargets;
  signatureRequired?: boolean;
  commentRequired?: boolean;
  whenNoAssignee?: NoAssigneePolicy;
  timeout?: NodeTimeout;
  next: Id;
}
/**
 * Sends a copy (抄送) to recipients and moves on at once.
 */
export interface CcNode {
  type: 'cc';
  id: Id;
  name?: I18NText;
  recipients: AssigneeList;
  fields?: FieldAccessList;
  next: Id;
}
/**
 * Exclusive branch: the first condition (in order) that holds for the record picks the path; otherwise the default path.
 */
export interface BranchNode {
  type: 'branch';
  id: Id;
  name?: I18NText;
  /**
   * @minItems 1
   * @maxItems 20
   */
  branches: BranchPath[];
  defaultNext: Id3;
}
export interface BranchPath {
  id: Id;
  name?: I18NText;
  condition: Filter;
  next: Id;
}
/**
 * Parallel fork: every path runs at once; they meet again at the join named by `join`.
 */
export interface ForkNode {
  type: 'fork';
  id: Id;
  name?: I18NText;
  /**
   * @minItems 2
   * @maxItems 20
   */
  next: Id[];
  join: Id4;
}
/**
 * Parallel join: moves on when every path of its fork has arrived.
 */
export interface JoinNode {
  type: 'join';
  id: Id;
  name?: I18NText;
  next: Id;
}
/**
 * Emits a `workflow.hook` event (through the outbox, in the same transaction) for automations to act on, and moves on at once.
 */
export interface AutomationNode {
  type: 'automation';
  id: Id;
  name?: I18NText;
  /**
   * The name automations subscribe to.
   */
  hook: string;
  next: Id;
}
/**
 * The instance finishes as approved.
 */
export interface EndNode {
  type: 'end';
  id: Id;
  name?: I18NText;
}
export interface WorkflowSettings {
  /**
   * The submitter may withdraw until someone has acted (default true).
   */
  allowWithdraw?: boolean;
  /**
   * Skip an approval task whose assignee already approved an earlier node of this instance.
   */
  autoApproveSameUser?: boolean;
  /**
   * The submitter never approves their own record: approve nodes leave them out of their assignees (a node left with nobody follows whenNoAssignee), and a task cannot be transferred, added or escalated to them.
   */
  forbidSelfApproval?: boolean;
  /**
   * What a plain edit of an approved record does: locked (default) refuses edits and deletes; reopen lets the submitter change it, which restarts the approval with the new values; allow saves edits and deletes and the record stays approved.
   */
  editAfterApproval?: 'locked' | 'reopen' | 'allow';
}
export interface AutomationDefinition {
  id: Id;
  name: I18NText;
  description?: LongI18NText;
  /**
   * Whether it runs when the app is installed (default true); the enable/disable API overrides it per org.
   */
  enabled?: boolean;
  trigger: AutomationTrigger;
  condition?: AutomationCondition;
  /**
   * @minItems 1
   * @maxItems 20
   */
  actions: AutomationAction[];
}
/**
 * A record of `form` was created, updated or deleted, by any channel (API, bulk edit, workflow, import, public form, another automation).
 */
export interface RecordTrigger {
  type: 'record';
  form: Id;
  /**
   * @minItems 1
   * @maxItems 3
   */
  events: ('created' | 'updated' | 'deleted')[];
  /**
   * For `updated`: fire only when one of these fields changed (default: any field).
   *
   * @maxItems 200
   */
  fields?: Id[];
}
/**
 * A record of the workflow's form moved in its approval: a node was reached (a task created), the approval finished approved or rejected, finished in any way, or the workflow's automation node named `hook` was passed.
 */
export interface WorkflowTrigger {
  type: 'workflow';
  workflow: Id;
  event: 'node_reached' | 'approved' | 'rejected' | 'finished' | 'hook';
  node?: Id5;
  /**
   * For hook: the automation node's hook name.
   */
  hook?: string;
}
/**
 * A five-field cron expression (minute hour day-of-month month day-of-week) in the org's time zone. The run has no trigger record.
 */
export interface ScheduleTrigger {
  type: 'schedule';
  cron: string;
}
/**
 * A button on the records of `form` (record view and row actions); pressing it needs view access to the record.
 */
export interface ButtonTrigger {
  type: 'button';
  form: Id;
  label: I18NText;
  /**
   * Ask before running.
   */
  confirm?: boolean;
}
/**
 * An incoming webhook: a secret URL per automation; the JSON body is mapped to the fields of `form` (no record is written by the trigger itself) and the result is the trigger record of the run.
 */
export interface WebhookTrigger {
  type: 'webhook';
  form: Id;
  /**
   * @maxItems 200
   */
  map: {
    field: Id;
    /**
     * A JSON pointer into the request body (RFC 6901), e.g. /order/total.
     */
    pointer: string;
  }[];
}
/**
 * Filters over the trigger record: `new` over its values after the change, `old` over its values before (an update's previous values; absent for a create). Both must hold; a missing side holds.
 */
export interface AutomationCondition {
  new?: Filter;
  old?: Filter;
}
/**
 * Creates a record in `form` (any form of the org, given as app and form), or one per row of the trigger record's subform `forEachRow`.
 */
export interface CreateRecordAction {
  type: 'create';
  app?: Id6;
  form: Id;
  values: FieldMappingList;
  forEachRow?: Id9;
}
export interface FieldMapping {
  field: Id7;
  value: ValueSource;
}
/**
 * Updates the trigger record itself or the records of `form` that match (at most 500).
 */
export interface UpdateRecordsAction {
  type: 'update';
  app?: Id;
  form: Id;
  records: RecordSelector;
  values: FieldMappingList;
}
/**
 * Updates the record of `form` whose `key` field equals the mapped key value, or creates it when none does.
 */
export interface UpsertRecordAction {
  type: 'upsert';
  app?: Id;
  form: Id;
  key: Id10;
  values: FieldMappingList;
  forEachRow?: Id;
}
export interface DeleteRecordsAction {
  type: 'delete';
  app?: Id;
  form: Id;
  records: RecordSelector;
}
/**
 * Notifies members in the app (and by email when `email` is set): listed users and the members named by member fields of the trigger record.
 */
export interface NotifyAction {
  type: 'notify';
  /**
   * @maxItems 200
   */
  users?: string[];
  /**
   * @maxItems 20
   */
  userFields?: Id[];
  title: I18NText;
  message?: ValueSource;
  email?: boolean;
}
/**
 * Calls an outgoing webhook: a JSON body template (strings may hold {{fieldId}} placeholders of the trigger record), signed with HMAC-SHA256 (a secret kept per automation on the server), retried with exponential backoff, then dead-lettered.
 */
export interface WebhookAction {
  type: 'webhook';
  url: string;
  method?: 'POST' | 'PUT' | 'PATCH';
  headers?: {
    [k: string]: string | undefined;
  };
  /**
   * Any JSON value; the default is the trigger record.
   */
  body?: {
    [k: string]: unknown | undefined;
  };
  timeoutMs?: number;
  retries?: number;
}
export interface AggregateDefinition {
  id: Id;
  name: I18NText;
  description?: LongI18NText;
  /**
   * The grouping keys, in display order (e.g. product, then warehouse). A balance exists per combination of key values.
   *
   * @minItems 1
   * @maxItems 5
   */
  keys: AggregateKey[];
  /**
   * The numbers kept per key (e.g. quantity, amount).
   *
   * @minItems 1
   * @maxItems 10
   */
  measures: AggregateMeasure[];
  /**
   * Which forms (or subform lines) post into the balances, with what sign and when.
   *
   * @minItems 1
   * @maxItems 20
   */
  sources: AggregateSource[];
  /**
   * Blocking rules: a write that moves a balance past the rule is refused and writes nothing.
   *
   * @maxItems 20
   */
  rules?: AggregateRule[];
}
export interface AggregateKey {
  id: Id;
  label: I18NText;
  /**
   * record: the value is a record id of `form` (shown by its title); text: the value itself (text, select, serial...).
   */
  type: 'record' | 'text';
  form?: Id11;
  app?: Id12;
}
export interface AggregateMeasure {
  id: Id;
  label: I18NText;
  /**
   * Places kept; postings are rounded half away from zero to this many places.
   */
  decimals: number;
}
export interface AggregateSource {
  id: Id13;
  form: Id;
  subform?: Id14;
  /**
   * For every aggregate key, where its value comes from.
   */
  keys: {
    [k: string]: AggregateValueRef | undefined;
  };
  /**
   * For each aggregate measure this source changes, the signed amount it posts. Measures left out are not changed by this source.
   */
  measures: {
    [k: string]: AggregatePosting | undefined;
  };
  when?: Filter2;
}
export interface AggregateValueRef {
  field: Id;
  /**
   * line: a sub-field of the source's subform row (the default when the source has a subform); record: a field of the record itself.
   */
  from?: 'line' | 'record';
}
export interface AggregateRule {
  measure: Id;
  op: '>=' | '>' | '<=' | '<';
  value: number;
  message?: I18NText1;
}
/**
 * A text in the languages the UI speaks.
 */
export interface I18NText1 {
  'zh-CN'?: string;
  en?: string;
}
export interface Dashboard {
  id: Id;
  name: I18NText;
  description?: LongI18NText;
  /**
   * @maxItems 100
   */
  widgets: Widget[];
  /**
   * @maxItems 20
   */
  filters?: FilterWidget[];
  /**
   * Auto refresh: the page reloads the data every so many seconds (the server cache still answers until a record changes).
   */
  refreshSeconds?: number;
}
/**
 * A widget that aggregates: a KPI number, a chart over dimensions and measures, or a pivot table.
 */
export interface ChartWidget {
  type: 'kpi' | 'bar' | 'line' | 'area' | 'pie' | 'funnel' | 'gauge' | 'scatter' | 'pivot';
  id: Id;
  title?: I18NText;
  layout: WidgetLayout;
  source: ChartSource;
  /**
   * Group keys. A pivot's row dimensions; the others' category (and series) dimensions.
   *
   * @maxItems 3
   */
  dimensions: WidgetDimension[];
  /**
   * @maxItems 20
   */
  measures: WidgetMeasure[];
  filter?: Filter;
  /**
   * @maxItems 4
   */
  sort?: {
    key: FieldRef;
    dir: 'asc' | 'desc';
  }[];
  limit?: number;
  options?: ChartOptions;
  pivot?: PivotOptions;
  compare?: KpiComparison;
  drill?: DrillHierarchy;
}
/**
 * Position on a 24-column grid; rows are 40 px high.
 */
export interface WidgetLayout {
  x: number;
  y: number;
  w: number;
  h: number;
}
/**
 * The records a widget reads: a form's records, or (with `subform`, a subform field of `form`) the rows of that subform. In a subform source a field id names a subform column, else a field of the parent form (the subform wins when both have it); system fields are the parent record's.
 */
export interface WidgetSource {
  form: Id;
  subform?: Id;
}
/**
 * The balances of aggregate table `aggregate` of this app (decision 0036): a dimension names one of its keys (grouped by key value, shown by the key record's title), a measure sums (or min, max, avg) one of its measures; count counts balance keys. No filters, buckets, drill-down, comparison or top N; `having` keeps the grouped rows whose balance compares with a field of the key record.
 */
export interface AggregateWidgetSource {
  aggregate: Id;
  having?: BalanceHaving;
  keyFilter?: BalanceKeyFilter;
}
/**
 * Keep a grouped row when the sum of aggregate measure `measure` over the row compares (`op`) with a fixed number `value`, or with field `field` of the record that key `key` names ("on hand < the product's reorder point"): one or the other. `key` must be one of the widget's dimensions; the field is read as the viewer may read it: rows whose record is out of their scope or has no value are left out, a hidden field is refused.
 */
export interface BalanceHaving {
  measure: Id;
  op: 'lt' | 'lte' | 'gt' | 'gte' | 'eq' | 'neq';
  key?: Id;
  field?: FieldRef;
  value?: number;
}
/**
 * Only the balances whose key `key` names a record matching `filter` (a query filter over that record's form, dynamic dates included: "invoices due more than 30 days ago"), read as the viewer may read them: hidden fields are refused, records out of scope drop their balances. At most 5,000 matching records.
 */
export interface BalanceKeyFilter {
  key: Id;
  filter: Filter;
}
/**
 * A group key. Its result column is `as`, or the field id (with `_<bucket>` when bucketed).
 */
export interface WidgetDimension {
  field: FieldRef;
  bucket?: DateBucket;
  as?: FieldRef;
  label?: I18NText;
  top?: TopN;
}
/**
 * Keep the n values of this dimension with the largest (or smallest) `by` measure over all other dimensions; with `others`, every other value is merged into one row marked `$others: true`. `by` is a non-formula measure alias (default: the first measure).
 */
export interface TopN {
  n: number;
  by?: FieldRef;
  /**
   * desc (default): the largest n.
   */
  dir?: 'desc' | 'asc';
  others?: boolean;
}
/**
 * A measure: an aggregate of a field (count without a field counts rows), optionally over the records matching `filter` only, or a `formula` over other measures of the same widget evaluated on each result row (`{won} / {all}`).
 */
export interface WidgetMeasure {
  op: 'count' | 'distinctCount' | 'sum' | 'avg' | 'min' | 'max' | 'formula';
  field?: FieldRef;
  filter?: Filter;
  /**
   * op formula: an expression of @tangram/formula where {alias} is another measure of this widget.
   */
  formula?: string;
  as: FieldRef;
  label?: I18NText;
  /**
   * Computed (e.g. for a formula) but not drawn.
   */
  hidden?: boolean;
  format?: NumberFormat;
  color?: string;
}
export interface NumberFormat {
  decimals?: number;
  thousands?: boolean;
  /**
   * Show value × 100 with a % sign.
   */
  percent?: boolean;
  prefix?: string;
  suffix?: string;
}
export interface ChartOptions {
  stacked?: boolean;
  horizontal?: boolean;
  donut?: boolean;
  showLabels?: boolean;
  /**
   * @maxItems 20
   */
  colors?: string[];
  numberFormat?: NumberFormat;
  showLegend?: boolean;
  /**
   * line/area: smooth curves.
   */
  smooth?: boolean;
  /**
   * Display labels for dimension values (e.g. a select option id to its text override), by value.
   */
  labels?: {
    [k: string]: string | undefined;
  };
  gauge?: {
    min: number;
    max: number;
    target?: number;
  };
  /**
   * funnel with one dimension: stages by value (desc, default) or in the dimension's order.
   */
  funnelSort?: 'desc' | 'definition';
}
/**
 * A pivot table: `dimensions` are its row dimensions, `columns` its column dimensions; every measure is shown per cell.
 */
export interface PivotOptions {
  /**
   * @maxItems 2
   */
  columns: WidgetDimension[];
  /**
   * A subtotal row per value of each row dimension but the last.
   */
  rowSubtotals?: boolean;
  /**
   * A subtotal column per value of each column dimension but the last.
   */
  columnSubtotals?: boolean;
  /**
   * The total row, the total column and the grand total cell.
   */
  grandTotals?: boolean;
}
/**
 * A KPI compared to another period of the same length, over `field` (a date or date-time). The current period is the value of a date range filter widget on that field when it has one, else `range`.
 */
export interface KpiComparison {
  field: FieldRef;
  /**
   * previous: the same number of days just before; lastYear: the same dates one year earlier.
   */
  period: 'previous' | 'lastYear';
  /**
   * The current period when no filter sets one; default thisMonth.
   */
  range?:
    | 'today'
    | 'thisWeek'
    | 'lastWeek'
    | 'thisMonth'
    | 'lastMonth'
    | 'thisQuarter'
    | 'lastQuarter'
    | 'thisYear'
    | 'lastYear';
}
/**
 * Drill-down on the first dimension: level 0 is the dimension itself, then these levels. Clicking a value at level k shows level k+1 within that value. A date dimension drills year -> month -> day by listing buckets.
 */
export interface DrillHierarchy {
  /**
   * @minItems 1
   * @maxItems 4
   */
  levels: DrillLevel[];
}
export interface DrillLevel {
  field: FieldRef;
  bucket?: DateBucket;
  label?: I18NText;
}
/**
 * A detail table: the latest records of a form (at most 200), some columns.
 */
export interface TableWidget {
  type: 'table';
  id: Id;
  title?: I18NText;
  layout: WidgetLayout;
  source: WidgetSource;
  /**
   * @minItems 1
   * @maxItems 30
   */
  columns: FieldRef[];
  filter?: Filter;
  /**
   * @maxItems 4
   */
  sort?: SortKey[];
  limit?: number;
}
export interface SortKey {
  field: FieldRef;
  dir: 'asc' | 'desc';
}
export interface TextWidget {
  type: 'text';
  id: Id;
  title?: I18NText;
  layout: WidgetLayout;
  format?: 'plain' | 'markdown';
  content: LongI18NText;
}
/**
 * A filter shown above the widgets: its value is AND-merged into the filter of each linked widget, on `field`, or on the field `fields` names for that widget (a widget over another form).
 */
export interface FilterWidget {
  id: Id;
  type: 'dateRange' | 'select' | 'member' | 'department';
  label?: I18NText;
  form: Id;
  field: FieldRef;
  /**
   * @maxItems 100
   */
  widgets: Id[];
  /**
   * Per linked widget id, the field of that widget's source to filter (default `field`).
   */
  fields?: {
    [k: string]: FieldRef | undefined;
  };
}
export interface NavLink {
  /**
   * form: the form's records; dashboard: a dashboard; aggregate: an aggregate table's balances (read only).
   */
  kind: 'form' | 'dashboard' | 'aggregate';
  target: Id;
}
export interface AppRole {
  id: Id;
  name: I18NText;
  description?: I18NText;
}
/**
 * Who may see the app (its members), who administers it (designs it and sees all its data; org admins always do), and what members may do on a form that has no permission groups: every listed action over all records and fields. Without `access`, an app behaves as the legacy-open default: everyone is a member and may view, create, edit, delete, import, export and print.
 */
export interface AppAccess {
  /**
   * @maxItems 50
   */
  members: Audience[];
  /**
   * @maxItems 50
   */
  admins: Audience[];
  /**
   * @maxItems 8
   */
  defaultFormActions: PermissionAction1[];
}
/**
 * Group records by fields (dates by bucket) and compute measures. Results sort by any group alias or measure alias.
 */
export interface AggregateQuery {
  /**
   * @maxItems 8
   */
  groupBy?: GroupKey[];
  /**
   * @minItems 1
   * @maxItems 20
   */
  measures: Measure[];
  filter?: Filter;
  /**
   * @maxItems 8
   */
  sort?: {
    key: FieldRef;
    dir: 'asc' | 'desc';
  }[];
  limit?: number;
  top?: AggregateTop;
  /**
   * Group by each listed set of group aliases (SQL GROUPING SETS) instead of all of them; each row carries `$grouping`, a bit per group key (the first key the highest bit) set when that key is totalled.
   *
   * @minItems 1
   * @maxItems 16
   */
  groupingSets?: FieldRef[][];
}
export interface GroupKey {
  field: FieldRef;
  bucket?: DateBucket;
  as?: FieldRef;
}
/**
 * An aggregate of a field (count without a field counts rows); with `filter`, over the matching records only.
 */
export interface Measure {
  op: 'count' | 'distinctCount' | 'sum' | 'avg' | 'min' | 'max';
  field?: FieldRef;
  as: FieldRef;
  filter?: Filter;
}
/**
 * Keep the n values of one group key with the largest (desc) or smallest (asc) `by` measure over all other keys; with `others`, the other values form one row (key null, `$others: true`).
 */
export interface AggregateTop {
  group: FieldRef;
  n: number;
  by: FieldRef;
  dir?: 'asc' | 'desc';
  others?: boolean;
}
/**
 * What a saved view remembers: its kind and every kind's settings it has had (a switch back finds them again), columns (order, widths, hidden), filter, sort, search and page size.
 */
export interface ViewConfig {
  kind?: ViewKind;
  grid?: GridSettings;
  kanban?: KanbanSettings;
  calendar?: CalendarSettings;
  gallery?: GallerySettings;
  gantt?: GanttSettings;
  /**
   * @maxItems 300
   */
  columns: ViewColumn[];
  filter?: Filter;
  /**
   * @maxItems 8
   */
  sort?: SortKey[];
  q?: string;
  pageSize?: number;
  names?: I18NText2;
}
/**
 * A grid's grouping (counts and sums per group, computed in SQL), frozen leading columns and row height. Column widths live in columns.
 */
export interface GridSettings {
  groupField?: ViewFieldRef;
  /**
   * @maxItems 5
   */
  sumFields?: ViewFieldRef[];
  collapsed?: GroupValues;
  frozenColumns?: number;
  rowHeight?: 'compact' | 'medium' | 'tall';
}
/**
 * A board: a column per value of groupField (select, radio, member, workflowStatus).
 */
export interface KanbanSettings {
  groupField: ViewFieldRef;
  cardFields?: ViewFieldList;
  sumField?: ViewFieldRef;
  collapsed?: GroupValues;
}
/**
 * A calendar: events on dateField (to endField for spans).
 */
export interface CalendarSettings {
  dateField: ViewFieldRef;
  endField?: ViewFieldRef;
  titleField?: ViewFieldRef;
  colorField?: ViewFieldRef;
}
export interface GallerySettings {
  coverField?: ViewFieldRef;
  cardFields?: ViewFieldList;
}
/**
 * A gantt chart: a bar from startField to endField (date or date-time), filled to progressField (number or percent), with arrows from the records its dependencyField (a relation to the same form) names.
 */
export interface GanttSettings {
  startField: ViewFieldRef;
  endField: ViewFieldRef;
  titleField?: ViewFieldRef;
  progressField?: ViewFieldRef;
  dependencyField?: ViewFieldRef;
  colorField?: ViewFieldRef;
  zoom?: GanttZoom;
}
/**
 * One column of a view, in display order.
 */
export interface ViewColumn {
  field: ViewFieldRef;
  width?: number;
  hidden?: boolean;
}
/**
 * A text in the languages the UI speaks.
 */
export interface I18NText2 {
  'zh-CN'?: string;
  en?: string;
}
