/* This file is generated from packages/metadata/schemas by `pnpm gen`. Do not edit it by hand. */

/**
 * A stable identifier that links documents. Lower snake case, starts with a letter, at most 63 characters, so it is always a safe SQL identifier.
 */
export type Key = string;
/**
 * The key a field or entity had in the previous published version. Set by the studio on rename, so publishing renames the column or table instead of dropping it.
 */
export type PreviousKey = string;
/**
 * Revision number of one metadata document, raised by the studio on every saved change.
 */
export type DocumentVersion = number;
/**
 * A stable identifier that links documents. Lower snake case, starts with a letter, at most 63 characters, so it is always a safe SQL identifier.
 */
export type Key1 = string;
/**
 * One field of an entity. `type` decides the column type, validation and widget.
 */
export type Field =
  | TextField
  | LongTextField
  | RichTextField
  | NumberField
  | CurrencyField
  | PercentField
  | DateField
  | DatetimeField
  | BooleanField
  | SingleSelectField
  | MultiSelectField
  | CascadeField
  | RegionField
  | UserField
  | DepartmentField
  | RelationField
  | LineItemsField
  | AttachmentField
  | ImageField
  | FormulaField
  | AutoNumberField
  | EmailField
  | PhoneField
  | UrlField
  | RatingField
  | SignatureField
  | LocationField;
/**
 * A stable identifier that links documents. Lower snake case, starts with a letter, at most 63 characters, so it is always a safe SQL identifier.
 */
export type Key2 = string;
/**
 * A stable identifier that links documents. Lower snake case, starts with a letter, at most 63 characters, so it is always a safe SQL identifier.
 */
export type Key3 = string;
/**
 * A stable identifier that links documents. Lower snake case, starts with a letter, at most 63 characters, so it is always a safe SQL identifier.
 */
export type Key4 = string;
/**
 * Text in Pipewright's safe expression language (formulas, conditions, templates). Never evaluated with eval.
 */
export type Expression = string;
/**
 * Pipewright's one filter language, shared by views, permission scopes, rules, reports and the records API. A filter is a condition or a combination of filters with and / or / not.
 */
export type Filter = AndFilter | OrFilter | NotFilter | FilterCondition;
/**
 * A field key, or a dotted path through many-to-one relations such as `account.industry`.
 */
export type FieldPath = string;
/**
 * A stable identifier that links documents. Lower snake case, starts with a letter, at most 63 characters, so it is always a safe SQL identifier.
 */
export type Key5 = string;
/**
 * A stable identifier that links documents. Lower snake case, starts with a letter, at most 63 characters, so it is always a safe SQL identifier.
 */
export type Key6 = string;
/**
 * A stable identifier that links documents. Lower snake case, starts with a letter, at most 63 characters, so it is always a safe SQL identifier.
 */
export type Key7 = string;
/**
 * What starts an instance: a record event, a change of given fields, a schedule, or a user pressing the workflow's button on a record.
 *
 * This interface was referenced by `Workflow`'s JSON-Schema
 * via the `definition` "trigger".
 */
export type WorkflowTrigger = RecordTrigger | FieldChangeTrigger | ScheduleTrigger;
/**
 * One node of the graph. `type` decides its behaviour and the shape of its `config`.
 *
 * This interface was referenced by `Workflow`'s JSON-Schema
 * via the `definition` "node".
 */
export type WorkflowNode =
  | TriggerNode
  | ConditionNode
  | ParallelSplitNode
  | ParallelJoinNode
  | ApprovalNode
  | NotifyNode
  | UpdateRecordNode
  | CreateRecordNode
  | WaitNode
  | HttpRequestNode
  | RunRulesNode
  | GenerateDocumentNode
  | SubflowNode
  | EndNode;
/**
 * Id of a node, edge or handle in the flow designer's graph.
 *
 * This interface was referenced by `Workflow`'s JSON-Schema
 * via the `definition` "elementId".
 */
export type ElementId = string;
/**
 * Pipewright's one filter language, shared by views, permission scopes, rules, reports and the records API. A filter is a condition or a combination of filters with and / or / not.
 */
export type Filter1 = AndFilter | OrFilter | NotFilter | FilterCondition;
/**
 * A person or group that receives a task or a message: a named user, the holders of a role, the manager of the record's owner or of whoever started the process, or the user (or e-mail address, for messages) in a field of the record.
 */
export type Participant = UserParticipant | RoleParticipant | ManagerParticipant | FieldParticipant;
/**
 * A length of time: an ISO-8601 duration such as `P3D` or `PT4H`, or a number of hours.
 */
export type Duration = string | number;
/**
 * How long a wait node holds the token.
 *
 * This interface was referenced by `Workflow`'s JSON-Schema
 * via the `definition` "waitConfig".
 */
export type WaitConfig = DelayWait | DateWait | ConditionWait;
/**
 * A stable identifier that links documents. Lower snake case, starts with a letter, at most 63 characters, so it is always a safe SQL identifier.
 */
export type Key8 = string;
/**
 * A stable identifier that links documents. Lower snake case, starts with a letter, at most 63 characters, so it is always a safe SQL identifier.
 */
export type Key9 = string;
/**
 * A filter (filter.schema.json) over the rule's facts: and / or / not of conditions. `{ "and": [] }` always holds.
 *
 * This interface was referenced by `Ruleset`'s JSON-Schema
 * via the `definition` "condition".
 */
export type RuleCondition = RuleAnd | RuleOr | RuleNot | RuleFactCondition;
/**
 * What a rule does when its conditions hold.
 *
 * This interface was referenced by `Ruleset`'s JSON-Schema
 * via the `definition` "action".
 */
export type RuleAction =
  | AssignAction
  | SetFieldAction
  | AddScoreAction
  | NotifyAction
  | CreateTaskAction
  | RejectAction
  | UpdateRelatedAction
  | StartWorkflowAction
  | CallWebhookAction;
/**
 * Who a record is assigned to: a named user, the members of a pool (a role, narrowed to a department or team) in turn or by load, or by territory (region, industry or any field → a target; no match → `otherwise`, the fallback queue).
 *
 * This interface was referenced by `Ruleset`'s JSON-Schema
 * via the `definition` "assignTarget".
 */
export type AssignTarget =
  UserAssignment | RoundRobinAssignment | LeastLoadedAssignment | TerritoryAssignment;
/**
 * Who gets a territory's records.
 *
 * This interface was referenced by `Ruleset`'s JSON-Schema
 * via the `definition` "teamTarget".
 */
export type TerritoryTarget = UserAssignment | RoundRobinAssignment | LeastLoadedAssignment;
/**
 * What a condition reads. record: the record after the change (default); previous: before it; isNew: whether the event is a create; user: the acting user (id, department, roles, teams); derived numbers counted up to now in the app's work calendar: daysSinceCreated, daysSinceLastActivity, daysSinceLastUpdate (calendar days), businessDaysSinceCreated, hoursSinceCreated, businessHoursSinceCreated; time of day: hourOfDay (0-23), weekday (1 = Monday … 7), isWorkingTime; ownerOpenRecords: open records of the entity owned by the record's owner.
 *
 * This interface was referenced by `Ruleset`'s JSON-Schema
 * via the `definition` "ruleFact".
 */
export type RuleFact =
  | 'record'
  | 'previous'
  | 'isNew'
  | 'user'
  | 'daysSinceCreated'
  | 'daysSinceLastActivity'
  | 'daysSinceLastUpdate'
  | 'businessDaysSinceCreated'
  | 'hoursSinceCreated'
  | 'businessHoursSinceCreated'
  | 'hourOfDay'
  | 'weekday'
  | 'isWorkingTime'
  | 'ownerOpenRecords';
/**
 * eq/ne/lt/lte/gt/gte compare; in/notIn take an array; contains/notContains/startsWith/endsWith match text (case-insensitive) or, for multi-value fields, members; isEmpty/isNotEmpty take no value; between takes [from, to] inclusive; within takes a relative period.
 */
export type FilterOperator =
  | 'eq'
  | 'ne'
  | 'lt'
  | 'lte'
  | 'gt'
  | 'gte'
  | 'in'
  | 'notIn'
  | 'contains'
  | 'notContains'
  | 'startsWith'
  | 'endsWith'
  | 'isEmpty'
  | 'isNotEmpty'
  | 'between'
  | 'within';
export type FilterOperand =
  | string
  | number
  | boolean
  | null
  | FilterVariable
  | RelativePeriod
  | (string | number | boolean | null | FilterVariable)[];
export type PeriodUnit = 'day' | 'week' | 'month' | 'quarter' | 'year';
/**
 * This interface was referenced by `PrintTemplate`'s JSON-Schema
 * via the `definition` "block".
 */
export type PrintBlock =
  | PrintTextBlock
  | PrintFieldBlock
  | PrintImageBlock
  | PrintTableBlock
  | PrintCodeBlock
  | PrintSignatureBlock
  | PrintPageBreakBlock
  | PrintSectionBlock;
/**
 * Print the block only when this field of the record has a value (not empty, not false, not zero).
 */
export type PrintFieldRef = string;
/**
 * A field of the record or a dotted path through many-to-one relations (`account.name`); inside a table, a field of the line item (`product.name`).
 *
 * This interface was referenced by `PrintTemplate`'s JSON-Schema
 * via the `definition` "fieldRef".
 */
export type PrintFieldRef1 = string;
/**
 * How a value prints: `money` (thousands separators, two decimals, currency symbol), `rmbUpper` (大写金额), `number`, `percent`, `date`, `datetime`, or `text` (as stored).
 *
 * This interface was referenced by `PrintTemplate`'s JSON-Schema
 * via the `definition` "printFormat".
 */
export type PrintFormat =
  'text' | 'money' | 'rmbUpper' | 'number' | 'percent' | 'date' | 'datetime';
/**
 * A field of the record or a dotted path through many-to-one relations (`account.name`); inside a table, a field of the line item (`product.name`).
 */
export type PrintFieldRef2 = string;
/**
 * A field of the record or a dotted path through many-to-one relations (`account.name`); inside a table, a field of the line item (`product.name`).
 */
export type PrintFieldRef3 = string;
/**
 * A stable identifier that links documents. Lower snake case, starts with a letter, at most 63 characters, so it is always a safe SQL identifier.
 */
export type Key10 = string;
/**
 * A field of the record or a dotted path through many-to-one relations (`account.name`); inside a table, a field of the line item (`product.name`).
 */
export type PrintFieldRef4 = string;
/**
 * A field of the record or a dotted path through many-to-one relations (`account.name`); inside a table, a field of the line item (`product.name`).
 */
export type PrintFieldRef5 = string;
/**
 * A field of the record or a dotted path through many-to-one relations (`account.name`); inside a table, a field of the line item (`product.name`).
 */
export type PrintFieldRef6 = string;
/**
 * A field of the record or a dotted path through many-to-one relations (`account.name`); inside a table, a field of the line item (`product.name`).
 */
export type PrintFieldRef7 = string;
/**
 * A field of the record or a dotted path through many-to-one relations (`account.name`); inside a table, a field of the line item (`product.name`).
 */
export type PrintFieldRef8 = string;
/**
 * Which records an action reaches: none, the user's own (owner), their department's, their department and its sub-departments', all, those matching a filter (which may use variables such as the current user), or those whose user field (not the owner) names the user, a user of their department or of their department tree.
 *
 * This interface was referenced by `Role`'s JSON-Schema
 * via the `definition` "scope".
 */
export type DataScope =
  | ('none' | 'own' | 'department' | 'departmentTree' | 'all')
  | {filter: Filter}
  | UserFieldScope
  | undefined;
/**
 * What a scope is for. `transfer`: change a record's owner (`owner_id`); the record must be in the transfer scope before and after the change. `share`: share a record with a user or department, or stop sharing it.
 *
 * This interface was referenced by `Role`'s JSON-Schema
 * via the `definition` "action".
 */
export type PermissionAction =
  | 'create'
  | 'read'
  | 'update'
  | 'delete'
  | 'export'
  | 'import'
  | 'print'
  | 'runReport'
  | 'transfer'
  | 'share';
/**
 * What a menu entry opens.
 *
 * This interface was referenced by `Navigation`'s JSON-Schema
 * via the `definition` "target".
 */
export type NavigationTarget = ViewTarget | DashboardTarget | ReportTarget | FormTarget | UrlTarget;
/**
 * A period relative to today, used with the `within` operator: a named period such as `thisQuarter`, or the last / next N days, weeks, months, quarters or years.
 */
export type RelativePeriod =
  {period: NamedPeriod} | {last: number; unit: PeriodUnit} | {next: number; unit: PeriodUnit};
export type NamedPeriod =
  | 'today'
  | 'yesterday'
  | 'tomorrow'
  | 'thisWeek'
  | 'lastWeek'
  | 'nextWeek'
  | 'thisMonth'
  | 'lastMonth'
  | 'nextMonth'
  | 'thisQuarter'
  | 'lastQuarter'
  | 'nextQuarter'
  | 'thisYear'
  | 'lastYear'
  | 'nextYear';

/**
 * A whole app as one versioned document: what the studio saves, what IT exports and imports, what the runtime installs.
 */
export interface AppBundle {
  $schema?: string;
  /**
   * Version of this bundle format. Importers refuse formats they do not know.
   */
  formatVersion: 1;
  app: App;
  /**
   * @minItems 1
   * @maxItems 500
   */
  entities: Entity[];
  /**
   * @maxItems 2000
   */
  forms?: Form[];
  /**
   * @maxItems 2000
   */
  views?: View[];
  /**
   * @maxItems 1000
   */
  workflows?: Workflow[];
  /**
   * @maxItems 1000
   */
  rules?: Ruleset[];
  /**
   * @maxItems 2000
   */
  reports?: Report[];
  /**
   * @maxItems 500
   */
  dashboards?: Dashboard[];
  /**
   * @maxItems 500
   */
  printTemplates?: PrintTemplate[];
  /**
   * @maxItems 200
   */
  roles?: Role[];
  navigation?: Navigation;
  /**
   * Records to load when the app is installed with sample data, keyed by entity key.
   */
  sampleData?: {
    /**
     * @maxItems 100000
     */
    [k: string]:
      | {
          [k: string]: unknown | undefined;
        }[]
      | undefined;
  };
}
/**
 * Identity of an app: its key (also its Postgres schema name), display name and published version.
 */
export interface App {
  key: Key;
  name: Label;
  /**
   * Semantic version of the app (MAJOR.MINOR.PATCH). A published version is immutable.
   */
  version: string;
  description?: Label;
  defaultLocale?: 'zh-CN' | 'en';
  icon?: string;
  /**
   * IANA time zone of the app: what TODAY() and NOW() mean in formulas and which calendar day a date-time falls on. Default Asia/Shanghai.
   */
  timeZone?: string;
  calendar?: WorkCalendar;
}
/**
 * Display text in Simplified Chinese and English. Labels may change freely; keys may not.
 */
export interface Label {
  'zh-CN': string;
  en: string;
}
/**
 * When the app's people work, for SLAs counted in business hours and days: working hours per weekday, holidays, and working days that fall on a weekend (调休). Without it: Monday to Friday, 09:00-18:00, in the app's time zone.
 */
export interface WorkCalendar {
  /**
   * IANA time zone of the working hours, when it differs from the app's `timeZone` (a team in another city).
   */
  timeZone?: string;
  /**
   * @minItems 1
   * @maxItems 21
   */
  workingHours?: WorkingHours[];
  /**
   * Days off, e.g. 2026-10-01.
   *
   * @maxItems 1000
   */
  holidays?: string[];
  /**
   * Extra working days (weekends worked in exchange for a holiday), with the hours of Monday.
   *
   * @maxItems 1000
   */
  workdays?: string[];
}
/**
 * Working time on the given ISO weekdays (1 = Monday … 7 = Sunday), from `from` to `to` (HH:MM, 24-hour); a day may have several spans (09:00-12:00 and 13:00-18:00).
 */
export interface WorkingHours {
  /**
   * @minItems 1
   * @maxItems 7
   */
  days: number[];
  from: string;
  to: string;
}
/**
 * A kind of business record (lead, opportunity, quote …). Each entity becomes a real table with typed columns; line-item fields become child tables and many-to-many relations join tables.
 */
export interface Entity {
  key: Key;
  label: Label;
  renamedFrom?: PreviousKey;
  pluralLabel?: Label;
  version: DocumentVersion;
  description?: string;
  icon?: string;
  titleField?: Key1;
  /**
   * @minItems 1
   * @maxItems 500
   */
  fields: Field[];
  /**
   * Extra composite indexes. The runtime also derives indexes from relations, unique and searchable fields, saved views and permission scopes.
   *
   * @maxItems 50
   */
  indexes?: EntityIndex[];
  /**
   * Record who changed what in the record history.
   */
  audit?: boolean;
  /**
   * Duplicate rules checked when a record of this entity is created (and by `POST …/records/:entity/duplicates` on a draft): a record matches when any of the rule's keys matches, compared on normalised values, exactly or by trigram similarity.
   *
   * @maxItems 20
   */
  duplicateRules?: DuplicateRule[];
}
export interface TextField {
  key: Key;
  label: Label;
  type: 'text';
  renamedFrom?: PreviousKey;
  description?: string;
  helpText?: Label;
  /**
   * A value must be given on every create and update.
   */
  required?: boolean;
  /**
   * No two live records may share a value (compared after normalisation). Not inside line items.
   */
  unique?: boolean;
  /**
   * Set by the system or by automation only, never by a user's edit.
   */
  readOnly?: boolean;
  /**
   * Included in full-text search; the runtime indexes it.
   */
  searchable?: boolean;
  /**
   * Ask the runtime for a B-tree index on this field.
   */
  indexed?: boolean;
  default?: string;
  minLength?: number;
  maxLength?: number;
  /**
   * A regular expression the value must match.
   */
  pattern?: string;
  /**
   * How values are normalised before storing and before unique checks. `companyName` strips legal suffixes such as 有限公司 / Co., Ltd. for the comparison only.
   */
  normalize?: 'none' | 'trim' | 'lowercase' | 'companyName';
}
export interface LongTextField {
  key: Key;
  label: Label;
  type: 'longText';
  renamedFrom?: PreviousKey;
  description?: string;
  helpText?: Label;
  /**
   * A value must be given on every create and update.
   */
  required?: boolean;
  /**
   * No two live records may share a value (compared after normalisation). Not inside line items.
   */
  unique?: boolean;
  /**
   * Set by the system or by automation only, never by a user's edit.
   */
  readOnly?: boolean;
  /**
   * Included in full-text search; the runtime indexes it.
   */
  searchable?: boolean;
  default?: string;
  maxLength?: number;
}
/**
 * Sanitised HTML.
 */
export interface RichTextField {
  key: Key;
  label: Label;
  type: 'richText';
  renamedFrom?: PreviousKey;
  description?: string;
  helpText?: Label;
  /**
   * A value must be given on every create and update.
   */
  required?: boolean;
  /**
   * Set by the system or by automation only, never by a user's edit.
   */
  readOnly?: boolean;
  /**
   * Included in full-text search; the runtime indexes it.
   */
  searchable?: boolean;
  maxLength?: number;
}
export interface NumberField {
  key: Key;
  label: Label;
  type: 'number';
  renamedFrom?: PreviousKey;
  description?: string;
  helpText?: Label;
  /**
   * A value must be given on every create and update.
   */
  required?: boolean;
  /**
   * No two live records may share a value (compared after normalisation). Not inside line items.
   */
  unique?: boolean;
  /**
   * Set by the system or by automation only, never by a user's edit.
   */
  readOnly?: boolean;
  /**
   * Ask the runtime for a B-tree index on this field.
   */
  indexed?: boolean;
  default?: number;
  min?: number;
  max?: number;
  /**
   * Digits after the decimal point.
   */
  scale?: number;
}
/**
 * A money amount, stored exactly as numeric.
 */
export interface CurrencyField {
  key: Key;
  label: Label;
  type: 'currency';
  renamedFrom?: PreviousKey;
  description?: string;
  helpText?: Label;
  /**
   * A value must be given on every create and update.
   */
  required?: boolean;
  /**
   * No two live records may share a value (compared after normalisation). Not inside line items.
   */
  unique?: boolean;
  /**
   * Set by the system or by automation only, never by a user's edit.
   */
  readOnly?: boolean;
  /**
   * Ask the runtime for a B-tree index on this field.
   */
  indexed?: boolean;
  default?: number;
  min?: number;
  max?: number;
  /**
   * Digits after the decimal point.
   */
  scale?: number;
  /**
   * ISO 4217 code.
   */
  currency?: string;
}
/**
 * Stored as the percentage number: 12.5 means 12.5 %.
 */
export interface PercentField {
  key: Key;
  label: Label;
  type: 'percent';
  renamedFrom?: PreviousKey;
  description?: string;
  helpText?: Label;
  /**
   * A value must be given on every create and update.
   */
  required?: boolean;
  /**
   * Set by the system or by automation only, never by a user's edit.
   */
  readOnly?: boolean;
  /**
   * Ask the runtime for a B-tree index on this field.
   */
  indexed?: boolean;
  default?: number;
  min?: number;
  max?: number;
  /**
   * Digits after the decimal point.
   */
  scale?: number;
}
export interface DateField {
  key: Key;
  label: Label;
  type: 'date';
  renamedFrom?: PreviousKey;
  description?: string;
  helpText?: Label;
  /**
   * A value must be given on every create and update.
   */
  required?: boolean;
  /**
   * No two live records may share a value (compared after normalisation). Not inside line items.
   */
  unique?: boolean;
  /**
   * Set by the system or by automation only, never by a user's edit.
   */
  readOnly?: boolean;
  /**
   * Ask the runtime for a B-tree index on this field.
   */
  indexed?: boolean;
  /**
   * A date (YYYY-MM-DD) or `today`.
   */
  default?: string;
  min?: string;
  max?: string;
}
export interface DatetimeField {
  key: Key;
  label: Label;
  type: 'datetime';
  renamedFrom?: PreviousKey;
  description?: string;
  helpText?: Label;
  /**
   * A value must be given on every create and update.
   */
  required?: boolean;
  /**
   * No two live records may share a value (compared after normalisation). Not inside line items.
   */
  unique?: boolean;
  /**
   * Set by the system or by automation only, never by a user's edit.
   */
  readOnly?: boolean;
  /**
   * Ask the runtime for a B-tree index on this field.
   */
  indexed?: boolean;
  default?: 'now';
}
export interface BooleanField {
  key: Key;
  label: Label;
  type: 'boolean';
  renamedFrom?: PreviousKey;
  description?: string;
  helpText?: Label;
  /**
   * A value must be given on every create and update.
   */
  required?: boolean;
  /**
   * Set by the system or by automation only, never by a user's edit.
   */
  readOnly?: boolean;
  /**
   * Ask the runtime for a B-tree index on this field.
   */
  indexed?: boolean;
  default?: boolean;
}
export interface SingleSelectField {
  key: Key;
  label: Label;
  type: 'singleSelect';
  renamedFrom?: PreviousKey;
  description?: string;
  helpText?: Label;
  /**
   * A value must be given on every create and update.
   */
  required?: boolean;
  /**
   * Set by the system or by automation only, never by a user's edit.
   */
  readOnly?: boolean;
  /**
   * Ask the runtime for a B-tree index on this field.
   */
  indexed?: boolean;
  /**
   * @minItems 1
   * @maxItems 1000
   */
  options: SelectOption[];
  default?: string;
}
export interface SelectOption {
  value: string;
  label: Label;
  color?: string;
}
export interface MultiSelectField {
  key: Key;
  label: Label;
  type: 'multiSelect';
  renamedFrom?: PreviousKey;
  description?: string;
  helpText?: Label;
  /**
   * A value must be given on every create and update.
   */
  required?: boolean;
  /**
   * Set by the system or by automation only, never by a user's edit.
   */
  readOnly?: boolean;
  /**
   * @minItems 1
   * @maxItems 1000
   */
  options: SelectOption[];
  default?: string[];
  maxSelected?: number;
}
/**
 * Cascading select: the value is the path of option values from the root.
 */
export interface CascadeField {
  key: Key;
  label: Label;
  type: 'cascade';
  renamedFrom?: PreviousKey;
  description?: string;
  helpText?: Label;
  /**
   * A value must be given on every create and update.
   */
  required?: boolean;
  /**
   * Set by the system or by automation only, never by a user's edit.
   */
  readOnly?: boolean;
  /**
   * @minItems 1
   * @maxItems 1000
   */
  options: CascadeOption[];
  /**
   * @maxItems 6
   */
  levels?: Label[];
}
export interface CascadeOption {
  value: string;
  label: Label;
  /**
   * @maxItems 1000
   */
  children?: CascadeOption[];
}
/**
 * Chinese administrative region (省市区); the value is the list of GB/T 2260 codes from province down.
 */
export interface RegionField {
  key: Key;
  label: Label;
  type: 'region';
  renamedFrom?: PreviousKey;
  description?: string;
  helpText?: Label;
  /**
   * A value must be given on every create and update.
   */
  required?: boolean;
  /**
   * Set by the system or by automation only, never by a user's edit.
   */
  readOnly?: boolean;
  /**
   * How deep the 省/市/区 choice goes.
   */
  depth?: 'province' | 'city' | 'district';
}
export interface UserField {
  key: Key;
  label: Label;
  type: 'user';
  renamedFrom?: PreviousKey;
  description?: string;
  helpText?: Label;
  /**
   * A value must be given on every create and update.
   */
  required?: boolean;
  /**
   * Set by the system or by automation only, never by a user's edit.
   */
  readOnly?: boolean;
  /**
   * Ask the runtime for a B-tree index on this field.
   */
  indexed?: boolean;
  multiple?: boolean;
  default?: 'currentUser';
}
export interface DepartmentField {
  key: Key;
  label: Label;
  type: 'department';
  renamedFrom?: PreviousKey;
  description?: string;
  helpText?: Label;
  /**
   * A value must be given on every create and update.
   */
  required?: boolean;
  /**
   * Set by the system or by automation only, never by a user's edit.
   */
  readOnly?: boolean;
  /**
   * Ask the runtime for a B-tree index on this field.
   */
  indexed?: boolean;
  multiple?: boolean;
  default?: 'currentUserDepartment';
}
export interface RelationField {
  key: Key;
  label: Label;
  type: 'relation';
  renamedFrom?: PreviousKey;
  description?: string;
  helpText?: Label;
  /**
   * A value must be given on every create and update.
   */
  required?: boolean;
  /**
   * No two live records may share a value (compared after normalisation). Not inside line items.
   */
  unique?: boolean;
  /**
   * Set by the system or by automation only, never by a user's edit.
   */
  readOnly?: boolean;
  /**
   * Ask the runtime for a B-tree index on this field.
   */
  indexed?: boolean;
  target: Key;
  kind: 'manyToOne' | 'oneToMany' | 'manyToMany';
  inverse?: Key2;
  /**
   * For manyToOne: what happens to this record when the target is purged.
   */
  onDelete?: 'restrict' | 'setNull' | 'cascade';
  /**
   * For manyToOne: fields copied from the related record when it is picked (on create, and whenever this relation changes), unless the write gives the field itself. The line item's unit price from the product's is `{ "from": "unit_price", "to": "unit_price" }`. The copy is a value of this record from then on: later changes of the related record do not reach it.
   *
   * @maxItems 50
   */
  copyFields?: {
    from: Key3;
    to: Key4;
  }[];
}
/**
 * A sub-form of line items, stored in a child table. Its fields may not be line items or to-many relations.
 */
export interface LineItemsField {
  key: Key;
  label: Label;
  type: 'lineItems';
  renamedFrom?: PreviousKey;
  description?: string;
  helpText?: Label;
  /**
   * A value must be given on every create and update.
   */
  required?: boolean;
  /**
   * Set by the system or by automation only, never by a user's edit.
   */
  readOnly?: boolean;
  /**
   * @minItems 1
   * @maxItems 200
   */
  fields: Field[];
  minItems?: number;
  maxItems?: number;
}
export interface AttachmentField {
  key: Key;
  label: Label;
  type: 'attachment';
  renamedFrom?: PreviousKey;
  description?: string;
  helpText?: Label;
  /**
   * A value must be given on every create and update.
   */
  required?: boolean;
  /**
   * Set by the system or by automation only, never by a user's edit.
   */
  readOnly?: boolean;
  maxFiles?: number;
  maxFileSizeMb?: number;
  accept?: string[];
}
export interface ImageField {
  key: Key;
  label: Label;
  type: 'image';
  renamedFrom?: PreviousKey;
  description?: string;
  helpText?: Label;
  /**
   * A value must be given on every create and update.
   */
  required?: boolean;
  /**
   * Set by the system or by automation only, never by a user's edit.
   */
  readOnly?: boolean;
  maxFiles?: number;
  maxFileSizeMb?: number;
}
/**
 * Computed by the server from other fields of the same record and its line items; read-only.
 */
export interface FormulaField {
  key: Key;
  label: Label;
  type: 'formula';
  renamedFrom?: PreviousKey;
  description?: string;
  helpText?: Label;
  /**
   * A value must be given on every create and update.
   */
  required?: boolean;
  /**
   * Set by the system or by automation only, never by a user's edit.
   */
  readOnly?: boolean;
  /**
   * Ask the runtime for a B-tree index on this field.
   */
  indexed?: boolean;
  expression: Expression;
  resultType: 'number' | 'currency' | 'percent' | 'text' | 'date' | 'datetime' | 'boolean';
  /**
   * Digits after the decimal point.
   */
  scale?: number;
}
export interface AutoNumberField {
  key: Key;
  label: Label;
  type: 'autoNumber';
  renamedFrom?: PreviousKey;
  description?: string;
  helpText?: Label;
  /**
   * A value must be given on every create and update.
   */
  required?: boolean;
  /**
   * Set by the system or by automation only, never by a user's edit.
   */
  readOnly?: boolean;
  /**
   * Included in full-text search; the runtime indexes it.
   */
  searchable?: boolean;
  /**
   * Ask the runtime for a B-tree index on this field.
   */
  indexed?: boolean;
  /**
   * Literal text with date parts {YYYY} {YY} {MM} {DD} and exactly one counter {seq} or {seq:N} (zero-padded to N digits), e.g. `QT-{YYYY}{MM}-{seq:4}`.
   */
  pattern: string;
  /**
   * When the counter starts again at 1.
   */
  reset?: 'never' | 'daily' | 'monthly' | 'yearly';
}
/**
 * Stored lower-cased.
 */
export interface EmailField {
  key: Key;
  label: Label;
  type: 'email';
  renamedFrom?: PreviousKey;
  description?: string;
  helpText?: Label;
  /**
   * A value must be given on every create and update.
   */
  required?: boolean;
  /**
   * No two live records may share a value (compared after normalisation). Not inside line items.
   */
  unique?: boolean;
  /**
   * Set by the system or by automation only, never by a user's edit.
   */
  readOnly?: boolean;
  /**
   * Included in full-text search; the runtime indexes it.
   */
  searchable?: boolean;
  /**
   * Ask the runtime for a B-tree index on this field.
   */
  indexed?: boolean;
  default?: string;
}
export interface PhoneField {
  key: Key;
  label: Label;
  type: 'phone';
  renamedFrom?: PreviousKey;
  description?: string;
  helpText?: Label;
  /**
   * A value must be given on every create and update.
   */
  required?: boolean;
  /**
   * No two live records may share a value (compared after normalisation). Not inside line items.
   */
  unique?: boolean;
  /**
   * Set by the system or by automation only, never by a user's edit.
   */
  readOnly?: boolean;
  /**
   * Included in full-text search; the runtime indexes it.
   */
  searchable?: boolean;
  /**
   * Ask the runtime for a B-tree index on this field.
   */
  indexed?: boolean;
  default?: string;
  /**
   * CN accepts mainland mobile and landline numbers and stores them without spaces or dashes, with +86 removed.
   */
  region?: 'CN' | 'any';
}
export interface UrlField {
  key: Key;
  label: Label;
  type: 'url';
  renamedFrom?: PreviousKey;
  description?: string;
  helpText?: Label;
  /**
   * A value must be given on every create and update.
   */
  required?: boolean;
  /**
   * No two live records may share a value (compared after normalisation). Not inside line items.
   */
  unique?: boolean;
  /**
   * Set by the system or by automation only, never by a user's edit.
   */
  readOnly?: boolean;
  /**
   * Included in full-text search; the runtime indexes it.
   */
  searchable?: boolean;
  /**
   * Ask the runtime for a B-tree index on this field.
   */
  indexed?: boolean;
  default?: string;
}
export interface RatingField {
  key: Key;
  label: Label;
  type: 'rating';
  renamedFrom?: PreviousKey;
  description?: string;
  helpText?: Label;
  /**
   * A value must be given on every create and update.
   */
  required?: boolean;
  /**
   * Set by the system or by automation only, never by a user's edit.
   */
  readOnly?: boolean;
  /**
   * Ask the runtime for a B-tree index on this field.
   */
  indexed?: boolean;
  max?: number;
  default?: number;
}
/**
 * A hand-drawn signature stored as an uploaded image.
 */
export interface SignatureField {
  key: Key;
  label: Label;
  type: 'signature';
  renamedFrom?: PreviousKey;
  description?: string;
  helpText?: Label;
  /**
   * A value must be given on every create and update.
   */
  required?: boolean;
  /**
   * Set by the system or by automation only, never by a user's edit.
   */
  readOnly?: boolean;
}
/**
 * A point with latitude, longitude and an optional address.
 */
export interface LocationField {
  key: Key;
  label: Label;
  type: 'location';
  renamedFrom?: PreviousKey;
  description?: string;
  helpText?: Label;
  /**
   * A value must be given on every create and update.
   */
  required?: boolean;
  /**
   * Set by the system or by automation only, never by a user's edit.
   */
  readOnly?: boolean;
}
/**
 * This interface was referenced by `Entity`'s JSON-Schema
 * via the `definition` "index".
 */
export interface EntityIndex {
  /**
   * @minItems 1
   * @maxItems 8
   */
  fields: {
    field: Key;
    direction?: 'asc' | 'desc';
  }[];
  unique?: boolean;
}
/**
 * This interface was referenced by `Entity`'s JSON-Schema
 * via the `definition` "duplicateRule".
 */
export interface DuplicateRule {
  key: Key;
  label: Label;
  enabled?: boolean;
  /**
   * `alert`: the create succeeds and its answer lists the matches; `block`: the create is refused with 422 `record.duplicate`.
   */
  action?: 'alert' | 'block';
  /**
   * @minItems 1
   * @maxItems 10
   */
  keys: DuplicateKey[];
  /**
   * Entities searched for matches (default: this entity), each with the field that holds each key there (default: the key's own field, when the entity has it).
   *
   * @minItems 1
   * @maxItems 10
   */
  against?: DuplicateTarget[];
}
/**
 * This interface was referenced by `Entity`'s JSON-Schema
 * via the `definition` "duplicateKey".
 */
export interface DuplicateKey {
  field: Key;
  /**
   * How values are made comparable: `companyName` drops legal-form suffixes (有限公司, 股份有限公司, Co., Ltd., Inc., LLC …), spaces and punctuation; `phone` keeps digits only, without +86 / 0086; `email` and `text` fold case and full-width characters.
   */
  normalise?: 'companyName' | 'phone' | 'email' | 'text';
  /**
   * Match also when the trigram similarity of the normalised values reaches this (pg_trgm `similarity`); without it, normalised values must be equal.
   */
  fuzzy?: number;
}
/**
 * This interface was referenced by `Entity`'s JSON-Schema
 * via the `definition` "duplicateTarget".
 */
export interface DuplicateTarget {
  entity: Key;
  /**
   * Key field of this entity → the field of the target entity compared with it.
   */
  fields?: {
    [k: string]: Key;
  };
}
/**
 * The layout of one entity's create and edit page: sections of fields in columns, per-item overrides, conditions in the expression language, and fields required at given stages.
 */
export interface Form {
  key: Key;
  label: Label;
  version: DocumentVersion;
  entity: Key;
  description?: Label;
  /**
   * The entity's default form for creating and editing records.
   */
  default?: boolean;
  labelPosition?: 'top' | 'left';
  /**
   * @minItems 1
   * @maxItems 100
   */
  sections: FormSection[];
  /**
   * @maxItems 200
   */
  stageRules?: StageRule[];
}
/**
 * A titled group of fields laid out in columns. `visibleWhen` hides the whole section while its condition is false.
 *
 * This interface was referenced by `Form`'s JSON-Schema
 * via the `definition` "section".
 */
export interface FormSection {
  key: Key;
  label?: Label;
  /**
   * How many columns the section's items flow into.
   */
  columns?: number;
  collapsible?: boolean;
  /**
   * Starts collapsed (only with collapsible).
   */
  collapsed?: boolean;
  visibleWhen?: Expression;
  /**
   * @minItems 1
   * @maxItems 200
   */
  items: FormItem[];
}
/**
 * One field placed on a form. `label`, `readOnly` and `required` override the field's own settings here only; `visibleWhen`, `requiredWhen` and `readOnlyWhen` are conditions in the expression language evaluated against the record being edited, e.g. `stage == 'negotiation' && amount > 100000`. A hidden field is neither required nor validated.
 *
 * This interface was referenced by `Form`'s JSON-Schema
 * via the `definition` "item".
 */
export interface FormItem {
  field: Key;
  /**
   * How many of the section's columns the item spans.
   */
  span?: number;
  label?: Label;
  placeholder?: Label;
  helpText?: Label;
  /**
   * Shown but not editable in this form, whatever the field and role allow.
   */
  readOnly?: boolean;
  /**
   * Required in this form even when the field itself is optional.
   */
  required?: boolean;
  visibleWhen?: Expression;
  requiredWhen?: Expression;
  readOnlyWhen?: Expression;
  /**
   * For a line-items field: its sub-fields shown as table columns, in order. Default: all.
   *
   * @minItems 1
   * @maxItems 200
   */
  lineItemColumns?: Key[];
}
/**
 * Fields that must be filled while a single-select field (usually the sales stage) has a given value, e.g. `{ field: 'stage', value: 'negotiation', required: ['budget', 'decision_maker'] }`. The runtime refuses to save the record at that stage until they are.
 *
 * This interface was referenced by `Form`'s JSON-Schema
 * via the `definition` "stageRule".
 */
export interface StageRule {
  field: Key;
  value: string;
  /**
   * @minItems 1
   * @maxItems 200
   */
  required: Key[];
}
/**
 * A saved list of one entity's records: a table, a kanban board or a calendar, with its filter and sort. The runtime derives a composite index from each view's filter and sort.
 */
export interface View {
  key: Key;
  label: Label;
  version: DocumentVersion;
  entity: Key;
  type: 'table' | 'kanban' | 'calendar';
  filter?: Filter;
  /**
   * @maxItems 8
   */
  sort?: SortOrder[];
  pageSize?: number;
  /**
   * Table columns, in order; kanban card fields.
   *
   * @maxItems 200
   */
  columns?: {
    field: FieldPath;
    width?: number;
  }[];
  groupBy?: Key5;
  startField?: Key6;
  endField?: Key7;
  /**
   * The entity's default list.
   */
  default?: boolean;
}
export interface SortOrder {
  field: FieldPath;
  direction?: 'asc' | 'desc';
  nulls?: 'first' | 'last';
}
/**
 * An automated process on one entity, drawn in the flow designer (@xyflow/react) as nodes and edges, and run as a token machine by the workflow engine.
 */
export interface Workflow {
  key: Key;
  label: Label;
  version: DocumentVersion;
  entity: Key;
  description?: Label;
  enabled?: boolean;
  trigger: WorkflowTrigger;
  /**
   * @minItems 1
   * @maxItems 500
   */
  nodes: WorkflowNode[];
  /**
   * @maxItems 2000
   */
  edges: WorkflowEdge[];
}
/**
 * Starts on a record event, or (`manual`) from a button on the record; `condition` limits which records start it (and when the button shows).
 *
 * This interface was referenced by `Workflow`'s JSON-Schema
 * via the `definition` "recordTrigger".
 */
export interface RecordTrigger {
  on: 'create' | 'update' | 'delete' | 'manual';
  condition?: Expression;
}
/**
 * Starts when an update changes any of `fields`.
 *
 * This interface was referenced by `Workflow`'s JSON-Schema
 * via the `definition` "fieldChangeTrigger".
 */
export interface FieldChangeTrigger {
  on: 'fieldChange';
  /**
   * @minItems 1
   * @maxItems 50
   */
  fields: Key[];
  condition?: Expression;
}
/**
 * Starts one instance per record matching `filter` each time the schedule fires.
 *
 * This interface was referenced by `Workflow`'s JSON-Schema
 * via the `definition` "scheduleTrigger".
 */
export interface ScheduleTrigger {
  on: 'schedule';
  schedule: Schedule;
  filter?: Filter;
}
/**
 * When a scheduled job runs. Jobs are durable and run once across all server instances.
 */
export interface Schedule {
  /**
   * Five-field cron expression: minute hour day-of-month month day-of-week, e.g. `0 9 * * 1-5`.
   */
  cron: string;
  /**
   * IANA time zone the cron expression is read in.
   */
  timezone?: string;
}
/**
 * Where an instance starts. Every workflow has exactly one; what starts it is the workflow's `trigger`.
 *
 * This interface was referenced by `Workflow`'s JSON-Schema
 * via the `definition` "triggerNode".
 */
export interface TriggerNode {
  id: ElementId;
  type: 'trigger';
  position: NodePosition;
  label?: Label;
}
/**
 * Where the designer draws the node; no meaning at run time.
 *
 * This interface was referenced by `Workflow`'s JSON-Schema
 * via the `definition` "position".
 */
export interface NodePosition {
  x: number;
  y: number;
}
/**
 * Routes the token along the first branch whose condition holds, else along `defaultHandle`. Each outgoing edge names its branch in `sourceHandle`.
 *
 * This interface was referenced by `Workflow`'s JSON-Schema
 * via the `definition` "conditionNode".
 */
export interface ConditionNode {
  id: ElementId;
  type: 'condition';
  position: NodePosition;
  label?: Label;
  config: {
    /**
     * @minItems 1
     * @maxItems 50
     */
    branches: ConditionBranch[];
    defaultHandle: ElementId;
  };
}
/**
 * One outlet of a condition node, taken when `when` holds (branches are tried in order).
 *
 * This interface was referenced by `Workflow`'s JSON-Schema
 * via the `definition` "conditionBranch".
 */
export interface ConditionBranch {
  handle: ElementId;
  label?: Label;
  when: Filter1;
}
/**
 * Sends a token down every outgoing edge at once.
 *
 * This interface was referenced by `Workflow`'s JSON-Schema
 * via the `definition` "parallelSplitNode".
 */
export interface ParallelSplitNode {
  id: ElementId;
  type: 'parallelSplit';
  position: NodePosition;
  label?: Label;
}
/**
 * Waits for tokens from its incoming edges: all of them (default) or the first to arrive.
 *
 * This interface was referenced by `Workflow`'s JSON-Schema
 * via the `definition` "parallelJoinNode".
 */
export interface ParallelJoinNode {
  id: ElementId;
  type: 'parallelJoin';
  position: NodePosition;
  label?: Label;
  config?: {
    wait: 'all' | 'any';
  };
}
/**
 * Asks people to approve the record. The token leaves through the `approved` or the `rejected` handle.
 *
 * This interface was referenced by `Workflow`'s JSON-Schema
 * via the `definition` "approvalNode".
 */
export interface ApprovalNode {
  id: ElementId;
  type: 'approval';
  position: NodePosition;
  label?: Label;
  config: ApprovalConfig;
}
/**
 * This interface was referenced by `Workflow`'s JSON-Schema
 * via the `definition` "approvalConfig".
 */
export interface ApprovalConfig {
  /**
   * single: the one assignee decides; anyOf: the first decision of any assignee counts; allOf: every assignee must approve and one rejection rejects; voteRatio: approved once the share of approvals reaches `passRatio`, rejected once it no longer can; sequential: assignees decide one after another, in order, and one rejection rejects. Each assignee entry is one task; a role or field resolving to several people is one task any of them may take.
   */
  mode: 'single' | 'anyOf' | 'allOf' | 'voteRatio' | 'sequential';
  /**
   * @minItems 1
   * @maxItems 50
   */
  assignees: Participant[];
  /**
   * People copied (抄送) when a token reaches the approval: each gets an item in their CC box and may read the record; they decide nothing.
   *
   * @maxItems 50
   */
  cc?: Participant[];
  /**
   * voteRatio only: the share of assignees that must approve, e.g. 0.6.
   */
  passRatio?: number;
  /**
   * After the submitter resubmits a returned approval: walk the path from the trigger again (restart) or come straight back to this node (resume).
   */
  afterReturn?: 'restart' | 'resume';
  title?: Expression;
  instructions?: Label;
  requireComment?: 'never' | 'onReject' | 'always';
  /**
   * Assignees may hand the task to someone else.
   */
  allowDelegate?: boolean;
  /**
   * The record is read-only while the approval is pending.
   */
  lockRecord?: boolean;
  /**
   * Lock only these fields while the workflow runs (the others stay editable); absent: the whole record is locked.
   *
   * @maxItems 200
   */
  lockFields?: Key[];
  /**
   * Fields the current holder of this approval's task may change although the record is locked (an approver correcting the discount).
   *
   * @maxItems 200
   */
  editableFields?: Key[];
  timeout?: ApprovalTimeout;
}
export interface UserParticipant {
  type: 'user';
  /**
   * The user's login name at the installation.
   */
  user: string;
}
export interface RoleParticipant {
  type: 'role';
  role: Key;
}
export interface ManagerParticipant {
  type: 'manager';
  /**
   * Whose manager: the record owner's, or the manager of whoever started the process.
   */
  of?: 'owner' | 'initiator';
  /**
   * 1 is the direct manager, 2 the manager's manager, and so on.
   */
  level?: number;
}
/**
 * The user in a user field of the record, or in `owner_id` / `created_by`; for messages also an e-mail field.
 */
export interface FieldParticipant {
  type: 'field';
  field: Key;
}
/**
 * What happens when nobody decides in time: hand the task to `escalateTo`, or decide automatically.
 *
 * This interface was referenced by `Workflow`'s JSON-Schema
 * via the `definition` "approvalTimeout".
 */
export interface ApprovalTimeout {
  after: Duration;
  action: 'escalate' | 'approve' | 'reject';
  escalateTo?: Participant;
  remindBefore?: Duration;
}
/**
 * Sends a message and carries on.
 *
 * This interface was referenced by `Workflow`'s JSON-Schema
 * via the `definition` "notifyNode".
 */
export interface NotifyNode {
  id: ElementId;
  type: 'notify';
  position: NodePosition;
  label?: Label;
  config: Notification;
}
/**
 * A message to people. `subject` and `body` are templates filled from the record, e.g. `{{name}} 的折扣 {{discount}}% 需要审批`; a link to the record is added.
 */
export interface Notification {
  /**
   * @minItems 1
   */
  channels?: ('inApp' | 'email' | 'sms' | 'wecom' | 'dingtalk')[];
  /**
   * @minItems 1
   * @maxItems 50
   */
  recipients: Participant[];
  /**
   * @maxItems 50
   */
  cc?: Participant[];
  subject?: Expression;
  body: Expression;
}
/**
 * Sets fields of the workflow's record, or of the record one many-to-one `relation` away.
 *
 * This interface was referenced by `Workflow`'s JSON-Schema
 * via the `definition` "updateRecordNode".
 */
export interface UpdateRecordNode {
  id: ElementId;
  type: 'updateRecord';
  position: NodePosition;
  label?: Label;
  config: {
    relation?: Key;
    /**
     * @minItems 1
     * @maxItems 200
     */
    assignments: FieldAssignment[];
  };
}
/**
 * Sets a field to the value of an expression evaluated against the record, e.g. `amount * 0.9`, `today()` or the text `'negotiation'`.
 */
export interface FieldAssignment {
  field: Key;
  value: Expression;
}
/**
 * Creates a record of `entity`; `link` names its many-to-one field that should point back to the workflow's record.
 *
 * This interface was referenced by `Workflow`'s JSON-Schema
 * via the `definition` "createRecordNode".
 */
export interface CreateRecordNode {
  id: ElementId;
  type: 'createRecord';
  position: NodePosition;
  label?: Label;
  config: {
    entity: Key;
    link?: Key;
    /**
     * @minItems 1
     * @maxItems 200
     */
    assignments: FieldAssignment[];
    /**
     * Line items copied from a lineItems field of the workflow's record into a lineItems field of the new record: each row of `from` becomes a row of `field`, its sub-fields copied by the same key unless `fields` maps them (`to` ← `from`).
     *
     * @maxItems 20
     */
    lineItems?: LineItemCopy[];
  };
}
/**
 * This interface was referenced by `Workflow`'s JSON-Schema
 * via the `definition` "lineItemCopy".
 */
export interface LineItemCopy {
  field: Key;
  from: Key;
  /**
   * @maxItems 100
   */
  fields?: {
    to: Key;
    from: Key;
  }[];
}
/**
 * Holds the token for a duration, until a date in the record, or until a condition holds. Timers are durable: they survive restarts.
 *
 * This interface was referenced by `Workflow`'s JSON-Schema
 * via the `definition` "waitNode".
 */
export interface WaitNode {
  id: ElementId;
  type: 'wait';
  position: NodePosition;
  label?: Label;
  config: WaitConfig;
}
/**
 * This interface was referenced by `Workflow`'s JSON-Schema
 * via the `definition` "delayWait".
 */
export interface DelayWait {
  mode: 'delay';
  duration: Duration;
}
/**
 * Until the date or time in a field of the record, or `before` that long ahead of it.
 *
 * This interface was referenced by `Workflow`'s JSON-Schema
 * via the `definition` "dateWait".
 */
export interface DateWait {
  mode: 'untilDate';
  field: Key;
  before?: Duration;
}
/**
 * Until the condition holds (checked whenever the record changes), or at most `timeout`.
 *
 * This interface was referenced by `Workflow`'s JSON-Schema
 * via the `definition` "conditionWait".
 */
export interface ConditionWait {
  mode: 'untilCondition';
  condition: Expression;
  timeout?: Duration;
}
/**
 * Calls an external HTTP endpoint (webhook, ERP). Failed calls are retried; when retries run out the instance fails.
 *
 * This interface was referenced by `Workflow`'s JSON-Schema
 * via the `definition` "httpRequestNode".
 */
export interface HttpRequestNode {
  id: ElementId;
  type: 'httpRequest';
  position: NodePosition;
  label?: Label;
  config: HttpRequestConfig;
}
/**
 * `url`, header values and `body` are templates filled from the record. Secrets never appear in metadata: `auth.secret` names a secret configured at the installation.
 *
 * This interface was referenced by `Workflow`'s JSON-Schema
 * via the `definition` "httpRequestConfig".
 */
export interface HttpRequestConfig {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: Expression;
  headers?: {
    [k: string]: Expression;
  };
  body?: Expression;
  contentType?:
    'application/json' | 'application/x-www-form-urlencoded' | 'text/plain' | 'application/xml';
  auth?: HttpAuth;
  timeoutSeconds?: number;
  retries?: number;
}
/**
 * This interface was referenced by `Workflow`'s JSON-Schema
 * via the `definition` "httpAuth".
 */
export interface HttpAuth {
  /**
   * bearer: `Authorization: Bearer <secret>`; basic: the secret holds `user:password`; hmacSha256: the body is signed with the secret in `X-Pipewright-Signature`.
   */
  scheme: 'bearer' | 'basic' | 'hmacSha256';
  secret: Key;
}
/**
 * Runs a ruleset of the same entity against the record.
 *
 * This interface was referenced by `Workflow`'s JSON-Schema
 * via the `definition` "runRulesNode".
 */
export interface RunRulesNode {
  id: ElementId;
  type: 'runRules';
  position: NodePosition;
  label?: Label;
  config: {
    ruleset: Key;
  };
}
/**
 * Renders a print template of the same entity to PDF, optionally storing it in an attachment field.
 *
 * This interface was referenced by `Workflow`'s JSON-Schema
 * via the `definition` "generateDocumentNode".
 */
export interface GenerateDocumentNode {
  id: ElementId;
  type: 'generateDocument';
  position: NodePosition;
  label?: Label;
  config: {
    template: Key;
    attachTo?: Key;
    fileName?: Expression;
  };
}
/**
 * Starts another workflow of the same entity on the record, and by default waits for it to end.
 *
 * This interface was referenced by `Workflow`'s JSON-Schema
 * via the `definition` "subflowNode".
 */
export interface SubflowNode {
  id: ElementId;
  type: 'subflow';
  position: NodePosition;
  label?: Label;
  config: {
    workflow: Key;
    wait?: boolean;
  };
}
/**
 * Ends the token's path. An end with outcome rejected or cancelled ends the whole instance at once; otherwise the instance ends when no token is left, approved if a token reached an approved end.
 *
 * This interface was referenced by `Workflow`'s JSON-Schema
 * via the `definition` "endNode".
 */
export interface EndNode {
  id: ElementId;
  type: 'end';
  position: NodePosition;
  label?: Label;
  config?: {
    outcome: 'approved' | 'rejected' | 'cancelled' | 'completed';
  };
}
/**
 * A connection the token can follow. `sourceHandle` names the outlet of a node with several: a condition branch, or `approved` / `rejected` of an approval.
 *
 * This interface was referenced by `Workflow`'s JSON-Schema
 * via the `definition` "edge".
 */
export interface WorkflowEdge {
  id: ElementId;
  source: ElementId;
  target: ElementId;
  sourceHandle?: ElementId;
  label?: Label;
}
/**
 * Business rules of one entity in json-rules-engine form: lead assignment, scoring, follow-up tasks, reminders, validation. The runtime runs a ruleset on the listed record events, on its schedule, or from a workflow's runRules node.
 */
export interface Ruleset {
  key: Key;
  label: Label;
  version: DocumentVersion;
  entity: Key;
  description?: Label;
  enabled?: boolean;
  /**
   * Record events that run the ruleset (create, update, delete, restore from the recycle bin, transfer of ownership), `schedule` (its cron schedule, over the records of `scheduleFilter`) and `timer` (its date-relative `timer`, per record). A `timer` trigger needs `timer`; `scheduleFilter` (a filter, as in views) names the records each occurrence of the schedule runs the rules on (default: every record not in the recycle bin), each re-checked when its turn comes.
   *
   * @minItems 1
   */
  triggers: ('create' | 'update' | 'delete' | 'restore' | 'transfer' | 'schedule' | 'timer')[];
  /**
   * On `update`, run only when one of these fields changed. Without it, an update runs the ruleset when a field its conditions read changed.
   *
   * @minItems 1
   * @maxItems 100
   */
  changedFields?: Key[];
  schedule?: Schedule;
  scheduleFilter?: Filter;
  timer?: RuleTimer;
  /**
   * The hit policy, over the enabled rules in priority order (highest first; equal priorities in the order written): `all` runs every rule whose conditions hold, one after another; `first` runs only the first rule that holds (typical for assignment).
   */
  match?: 'all' | 'first';
  lastActivityField?: Key9;
  /**
   * @minItems 1
   * @maxItems 500
   */
  rules: Rule[];
}
/**
 * A date-relative trigger: the rules run on a record `offset` after (or before) the date in `field`, while `while` holds. It is a durable timer per record, set, moved or cancelled in the transaction of each write that changes the field or what `while` reads; when it fires, `while` and the rules' conditions are checked on the record as it is then, and the actions run once per timer and due time. E.g. a lead still `new` 3 days after creation: `{ "field": "created_at", "offset": { "amount": 3, "unit": "days" }, "while": { "field": "status", "op": "eq", "value": "new" } }`. `while` is a filter over the record's own fields, as in views: a write that makes it false cancels the timer, one that makes it true again sets it.
 *
 * This interface was referenced by `Ruleset`'s JSON-Schema
 * via the `definition` "timer".
 */
export interface RuleTimer {
  field: Key8;
  offset?: TimerOffset;
  /**
   * Whether the timer is due `offset` after the date (3 days after creation) or before it (7 days before the contract ends).
   */
  direction?: 'after' | 'before';
  while?: Filter;
  /**
   * Repeat every month or year from the date (birthdays, anniversaries, monthly reviews): after firing, the timer is set for the next occurrence. Without it, a timer fires once per due time.
   */
  repeat?: 'monthly' | 'yearly';
}
/**
 * How far from the date: `amount` of `unit`. Business hours and business days are counted in the app's work calendar (`app.calendar`).
 *
 * This interface was referenced by `Ruleset`'s JSON-Schema
 * via the `definition` "timerOffset".
 */
export interface TimerOffset {
  amount: number;
  unit: 'minutes' | 'hours' | 'days' | 'weeks' | 'months' | 'businessHours' | 'businessDays';
}
/**
 * When `conditions` hold, run `actions` in order. Conditions are written in the filter language of views and roles (one set of operators, one meaning); the engine compiles them to json-rules-engine conditions.
 *
 * This interface was referenced by `Ruleset`'s JSON-Schema
 * via the `definition` "rule".
 */
export interface Rule {
  key: Key;
  label?: Label;
  description?: Label;
  /**
   * Higher runs first; rules of equal priority run in the order written.
   */
  priority: number;
  enabled?: boolean;
  conditions: RuleCondition;
  /**
   * @minItems 1
   * @maxItems 50
   */
  actions: RuleAction[];
}
/**
 * Gives the record an owner (or, with `field`, fills that user field instead).
 *
 * This interface was referenced by `Ruleset`'s JSON-Schema
 * via the `definition` "assignAction".
 */
export interface AssignAction {
  type: 'assign';
  field?: Key;
  to: AssignTarget;
}
/**
 * This interface was referenced by `Ruleset`'s JSON-Schema
 * via the `definition` "userAssignment".
 */
export interface UserAssignment {
  strategy: 'user';
  /**
   * The user's login name at the installation.
   */
  user: string;
}
/**
 * To the members of the pool in turn (the one who was given a record longest ago goes first), fair within a bulk create. Inactive members and members on leave are passed over.
 *
 * This interface was referenced by `Ruleset`'s JSON-Schema
 * via the `definition` "roundRobinAssignment".
 */
export interface RoundRobinAssignment {
  strategy: 'roundRobin';
  role: Key;
  /**
   * Limit the pool to members of this department (its code at the installation), e.g. a region's sales team.
   */
  department?: string;
  /**
   * Limit the pool to members of this team (its code at the installation).
   */
  team?: string;
  /**
   * At most this many open records of the entity per member: full members are passed over.
   */
  capacity?: number;
}
/**
 * To the pool member who owns the fewest open records of the entity (ties: the one given a record longest ago). Inactive members and members on leave are passed over.
 *
 * This interface was referenced by `Ruleset`'s JSON-Schema
 * via the `definition` "leastLoadedAssignment".
 */
export interface LeastLoadedAssignment {
  strategy: 'leastLoaded';
  role: Key;
  /**
   * Limit the pool to members of this department (its code at the installation), e.g. a region's sales team.
   */
  department?: string;
  /**
   * Limit the pool to members of this team (its code at the installation).
   */
  team?: string;
  /**
   * At most this many open records of the entity per member: full members are passed over.
   */
  capacity?: number;
}
/**
 * By the value of `field` (region, province, industry …): the first territory listing the value wins, else `otherwise`.
 *
 * This interface was referenced by `Ruleset`'s JSON-Schema
 * via the `definition` "territoryAssignment".
 */
export interface TerritoryAssignment {
  strategy: 'territory';
  field: FieldPath;
  /**
   * @minItems 1
   * @maxItems 500
   */
  territories: Territory[];
  otherwise?: TerritoryTarget;
}
/**
 * Records whose field value is one of `values` (for a region field: whose province, city or district code is) go `to`.
 *
 * This interface was referenced by `Ruleset`'s JSON-Schema
 * via the `definition` "territory".
 */
export interface Territory {
  label?: Label;
  /**
   * @minItems 1
   * @maxItems 1000
   */
  values: string[];
  to: TerritoryTarget;
}
/**
 * This interface was referenced by `Ruleset`'s JSON-Schema
 * via the `definition` "setFieldAction".
 */
export interface SetFieldAction {
  type: 'setField';
  field: Key;
  value: Expression;
}
/**
 * Adds `points` to a numeric score field; negative points subtract.
 *
 * This interface was referenced by `Ruleset`'s JSON-Schema
 * via the `definition` "addScoreAction".
 */
export interface AddScoreAction {
  type: 'addScore';
  field: Key;
  points: number;
}
/**
 * This interface was referenced by `Ruleset`'s JSON-Schema
 * via the `definition` "notifyAction".
 */
export interface NotifyAction {
  type: 'notify';
  notification: Notification;
}
/**
 * Creates a follow-up task on the record for `assignee` (default: the record's owner), due `due` after now.
 *
 * This interface was referenced by `Ruleset`'s JSON-Schema
 * via the `definition` "createTaskAction".
 */
export interface CreateTaskAction {
  type: 'createTask';
  title: Expression;
  description?: Expression;
  assignee?: Participant;
  due?: Duration;
  remindBefore?: Duration;
  priority?: 'low' | 'normal' | 'high';
}
/**
 * Refuses the create or update that triggered the rules and shows `message`.
 *
 * This interface was referenced by `Ruleset`'s JSON-Schema
 * via the `definition` "rejectAction".
 */
export interface RejectAction {
  type: 'reject';
  message: Label;
}
/**
 * Changes the record behind a many-to-one relation of this record, e.g. decrements a product's stock when an order line uses it: `{ "relation": "product", "changes": [{ "field": "stock", "add": "-quantity" }] }`. `value` sets the field to an expression over this record; `add` adds a number to the field's current value in the database (negative to subtract), so concurrent changes add up.
 *
 * This interface was referenced by `Ruleset`'s JSON-Schema
 * via the `definition` "updateRelatedAction".
 */
export interface UpdateRelatedAction {
  type: 'updateRelated';
  relation: Key;
  /**
   * @minItems 1
   * @maxItems 50
   */
  changes: RelatedChange[];
}
/**
 * Exactly one of `value` (the field becomes it) and `add` (added to the field's current value).
 *
 * This interface was referenced by `Ruleset`'s JSON-Schema
 * via the `definition` "relatedChange".
 */
export interface RelatedChange {
  field: Key;
  value?: Expression;
  add?: Expression;
}
/**
 * Starts the workflow `workflow` on the record.
 *
 * This interface was referenced by `Ruleset`'s JSON-Schema
 * via the `definition` "startWorkflowAction".
 */
export interface StartWorkflowAction {
  type: 'startWorkflow';
  workflow: Key;
}
/**
 * Sends the record to an outside system: an HTTP request to `url` with a JSON body (the record, or the `body` template filled from it). Private, loopback and link-local addresses are refused unless an administrator allow-lists them.
 *
 * This interface was referenced by `Ruleset`'s JSON-Schema
 * via the `definition` "callWebhookAction".
 */
export interface CallWebhookAction {
  type: 'callWebhook';
  url: string;
  method?: 'POST' | 'PUT' | 'PATCH';
  body?: Expression;
}
/**
 * This interface was referenced by `Ruleset`'s JSON-Schema
 * via the `definition` "and".
 */
export interface RuleAnd {
  /**
   * @maxItems 200
   */
  and: RuleCondition[];
}
/**
 * This interface was referenced by `Ruleset`'s JSON-Schema
 * via the `definition` "or".
 */
export interface RuleOr {
  /**
   * @maxItems 200
   */
  or: RuleCondition[];
}
/**
 * This interface was referenced by `Ruleset`'s JSON-Schema
 * via the `definition` "not".
 */
export interface RuleNot {
  not: RuleCondition;
}
/**
 * One comparison, with the operators and meanings of a filter condition. Without `fact`, `field` is a field of the record after the change (or a path through many-to-one relations, `account.industry`). With `fact: previous`, the field's value before the change (empty on create); with `fact: user`, a field of the acting user; the other facts are numbers or booleans and take no field.
 *
 * This interface was referenced by `Ruleset`'s JSON-Schema
 * via the `definition` "factCondition".
 */
export interface RuleFactCondition {
  fact?: RuleFact;
  field?: FieldPath;
  op: FilterOperator;
  value?: FilterOperand;
}
/**
 * An aggregate query over one entity (or over the value history of one of its fields): joins, dimensions (date and numeric buckets), measures (aggregates and measures derived from them), filters with typed runtime parameters, sort, top-N, pivot layout and targets. It compiles to one SQL query with the viewer's data permissions inside it.
 */
export interface Report {
  key: Key;
  label: Label;
  version: DocumentVersion;
  entity: Key;
  description?: Label;
  history?: ReportHistory;
  /**
   * @maxItems 20
   */
  parameters?: ReportParameter[];
  /**
   * The month (1-12) a fiscal year starts in: quarter and year buckets follow it.
   */
  fiscalYearStartMonth?: number;
  /**
   * @maxItems 50
   */
  joins?: ReportJoin[];
  /**
   * @maxItems 50
   */
  dimensions?: ReportDimension[];
  /**
   * @minItems 1
   * @maxItems 100
   */
  measures: ReportMeasure[];
  filter?: Filter;
  /**
   * @maxItems 50
   */
  sort?: ReportSort[];
  limit?: number;
  top?: ReportTop;
  pivot?: ReportPivot;
  target?: ReportTargets;
  chart?: ReportChart;
}
/**
 * Makes each row one value a field of the entity held, from the record's history: `history.value` (the value), `history.from` (when the record took it) and `history.until` (when it left it, empty while it holds it). A stage history gives the funnel of stages reached.
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "history".
 */
export interface ReportHistory {
  field: Key;
}
/**
 * A value given when the report runs (or by a dashboard's global filter of the same key), applied as a filter condition `field op value`. Types: period (a relative period or [from, to] dates, op within/between), date, number, text, boolean, user (an id), department (owners in the department and below it), select (an option value). A list value uses in.
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "parameter".
 */
export interface ReportParameter {
  key: Key;
  label?: Label;
  type: 'period' | 'date' | 'number' | 'text' | 'boolean' | 'user' | 'department' | 'select';
  field: FieldPath;
  /**
   * How the value is compared (default eq, or in for a list). Periods and departments ignore it.
   */
  op?: 'eq' | 'ne' | 'lt' | 'lte' | 'gt' | 'gte' | 'in' | 'notIn';
  /**
   * Refuse to run without a value (else an absent parameter applies no condition).
   */
  required?: boolean;
  default?: FilterOperand;
}
/**
 * Brings the records behind a relation or line-items field into the report under the name `key`, so that dimensions and measures can use `key.field`. Many-to-one paths such as `account.industry` need no join.
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "join".
 */
export interface ReportJoin {
  key: Key;
  relation: FieldPath;
  type?: 'left' | 'inner';
}
/**
 * A column to group by. `bucket` groups a date or datetime field by day, week (from Monday), month, quarter or year in the app's time zone (quarters and years from the fiscal year start); `step` groups a number into ranges of that width; `department` groups a user field (or `owner_id`) by the user's department.
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "dimension".
 */
export interface ReportDimension {
  key: Key;
  label?: Label;
  field: FieldPath;
  bucket?: PeriodUnit;
  /**
   * Width of the numeric ranges: 1000 groups 0-999.99, 1000-1999.99, …; each row names the range's lower bound.
   */
  step?: number;
  /**
   * Group a user field (or `owner_id`, `created_by`) by the department the user belongs to now.
   */
  department?: boolean;
}
/**
 * A column of the result. count, countDistinct, sum, avg, min and max aggregate rows (`field`, or `days` for the days between two date fields; `filter` restricts the rows this measure counts); ratio divides two measures; runningTotal, share and ratioToPrevious derive from another measure (`of`) over the rows of the result; change compares a measure with the same period a year (`yoy`) or a month (`mom`) earlier along a date-bucket dimension (`along`). runningTotal and ratioToPrevious run along `along` (default: the first dimension).
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "measure".
 */
export interface ReportMeasure {
  key: Key;
  label?: Label;
  aggregate:
    | 'count'
    | 'sum'
    | 'avg'
    | 'min'
    | 'max'
    | 'countDistinct'
    | 'ratio'
    | 'runningTotal'
    | 'share'
    | 'ratioToPrevious'
    | 'change';
  field?: FieldPath;
  filter?: Filter;
  days?: ReportDays;
  numerator?: Key;
  denominator?: Key;
  of?: Key;
  compare?: 'yoy' | 'mom';
  along?: Key;
}
/**
 * The days from one date or datetime field to another (`created_at` → `closed_on`: the sales cycle).
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "days".
 */
export interface ReportDays {
  from: FieldPath;
  to: FieldPath;
}
/**
 * Orders the result by a dimension or measure key. A select dimension sorts by the order of its options.
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "sort".
 */
export interface ReportSort {
  column: Key;
  direction?: 'asc' | 'desc';
}
/**
 * Keeps the `n` values of a dimension with the largest `by` measure; with `others`, the rest are aggregated into one row whose dimension is empty and `others` is true.
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "top".
 */
export interface ReportTop {
  dimension: Key;
  n: number;
  by: Key;
  others?: boolean;
}
/**
 * Lays the result out as a pivot table: `rows` dimensions down, `columns` dimensions across; the result then also carries subtotals per row and per column.
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "pivot".
 */
export interface ReportPivot {
  /**
   * @maxItems 10
   */
  rows: Key[];
  /**
   * @minItems 1
   * @maxItems 10
   */
  columns: Key[];
}
/**
 * Targets stored as records of another entity (per rep, team or period), summed under the measure key `key` and matched to the result's rows by dimension: each `match` pairs a dimension of the report with the target entity's field holding the same value (for a bucketed dimension, a date field inside the bucket).
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "target".
 */
export interface ReportTargets {
  key: Key;
  label?: Label;
  entity: Key;
  field: FieldPath;
  /**
   * @minItems 1
   * @maxItems 10
   */
  match: {
    dimension: Key;
    field: FieldPath;
  }[];
  filter?: Filter;
}
/**
 * How the result is drawn: `dimension` on the category axis (or pie slices / funnel steps), `series` splits it by a second dimension, `measures` are the values (default: all).
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "chart".
 */
export interface ReportChart {
  type: 'table' | 'bar' | 'horizontalBar' | 'line' | 'area' | 'pie' | 'funnel' | 'kpi' | 'gauge';
  dimension?: Key;
  series?: Key;
  /**
   * @minItems 1
   * @maxItems 50
   */
  measures?: Key[];
  stacked?: boolean;
  showValues?: boolean;
  /**
   * Goal drawn on kpi and gauge charts.
   */
  target?: number;
}
/**
 * A page of report widgets on a 12-column grid.
 */
export interface Dashboard {
  key: Key;
  label: Label;
  version: DocumentVersion;
  description?: Label;
  /**
   * Reload every widget this often while the dashboard is open.
   */
  refreshMinutes?: number;
  /**
   * Roles that open this dashboard by default.
   *
   * @maxItems 50
   */
  roles?: Key[];
  /**
   * Global filters (period, team, rep): each value is passed to every widget's report parameter of the same key.
   *
   * @maxItems 10
   */
  filters?: DashboardFilter[];
  /**
   * @maxItems 100
   */
  widgets: DashboardWidget[];
}
/**
 * A filter bar control whose value goes to the parameter `key` of every widget's report that declares it.
 *
 * This interface was referenced by `Dashboard`'s JSON-Schema
 * via the `definition` "globalFilter".
 */
export interface DashboardFilter {
  key: Key;
  label?: Label;
  type: 'period' | 'date' | 'number' | 'text' | 'boolean' | 'user' | 'department' | 'select';
  default?: FilterOperand;
}
/**
 * One report on the dashboard; `chart` replaces the report's own chart here.
 *
 * This interface was referenced by `Dashboard`'s JSON-Schema
 * via the `definition` "widget".
 */
export interface DashboardWidget {
  key: Key;
  report: Key;
  title?: Label;
  chart?: ReportChart;
  layout: WidgetLayout;
  /**
   * Fixed parameter values of this widget's report.
   */
  parameters?: {
    [k: string]: FilterOperand;
  };
}
/**
 * Position and size on the grid; `x + w` may not exceed 12 and widgets may not overlap.
 *
 * This interface was referenced by `Dashboard`'s JSON-Schema
 * via the `definition` "layout".
 */
export interface WidgetLayout {
  /**
   * Column, 0 to 11.
   */
  x: number;
  /**
   * Row.
   */
  y: number;
  /**
   * Width in columns.
   */
  w: number;
  /**
   * Height in rows.
   */
  h: number;
}
/**
 * A printable document of one entity's record (quote, contract, invoice): a handlebars HTML template with CSS paged media, rendered to PDF by the runtime.
 */
export interface PrintTemplate {
  key: Key;
  label: Label;
  version: DocumentVersion;
  entity: Key;
  description?: Label;
  engine: 'handlebars';
  /**
   * Handlebars HTML filled with the record (as its reader may read it), its line items and related records, with Pipewright's print helpers (money, date, rmbUpper 大写金额, qrcode, barcode, sum). Optional when `blocks` is given: the blocks compile to the body.
   */
  template?: string;
  /**
   * The block form the print designer produces; compiled to the handlebars body (`template` is then ignored).
   *
   * @maxItems 500
   */
  blocks?: PrintBlock[];
  css?: string;
  /**
   * Handlebars HTML repeated at the top of every page (inline styles; images as data: URIs). `<span class="pageNumber"></span>` and `<span class="totalPages"></span>` print the page number and the page count.
   */
  header?: string;
  /**
   * Handlebars HTML printed at the top of the first page instead of `header` (a letterhead); the running header starts on page two.
   */
  firstPageHeader?: string;
  /**
   * Handlebars HTML repeated at the bottom of every page, with the same page-number spans as the header (第 <span class="pageNumber"></span> 页 / 共 <span class="totalPages"></span> 页).
   */
  footer?: string;
  page?: PageSetup;
  fileName?: Expression;
}
/**
 * Fixed text (escaped), optionally as a heading.
 *
 * This interface was referenced by `PrintTemplate`'s JSON-Schema
 * via the `definition` "textBlock".
 */
export interface PrintTextBlock {
  type: 'text';
  text: string;
  level?: 'p' | 'h1' | 'h2' | 'h3';
  when?: PrintFieldRef;
  /**
   * Inline CSS of the block.
   */
  style?: string;
}
/**
 * A label and the value of one field.
 *
 * This interface was referenced by `PrintTemplate`'s JSON-Schema
 * via the `definition` "fieldBlock".
 */
export interface PrintFieldBlock {
  type: 'field';
  field: PrintFieldRef1;
  label?: string;
  format?: PrintFormat;
  currency?: string;
  when?: PrintFieldRef2;
  /**
   * Inline CSS of the block.
   */
  style?: string;
}
/**
 * An image or logo from an inline data: URI (no URL is ever fetched).
 *
 * This interface was referenced by `PrintTemplate`'s JSON-Schema
 * via the `definition` "imageBlock".
 */
export interface PrintImageBlock {
  type: 'image';
  src: string;
  /**
   * Millimetres.
   */
  width?: number;
  alt?: string;
  when?: PrintFieldRef3;
  /**
   * Inline CSS of the block.
   */
  style?: string;
}
/**
 * A table of the line items of a lineItems field: the header row repeats on every page, a row never splits across pages, and an optional totals row sums the columns marked `total`.
 *
 * This interface was referenced by `PrintTemplate`'s JSON-Schema
 * via the `definition` "tableBlock".
 */
export interface PrintTableBlock {
  type: 'table';
  items: Key10;
  /**
   * @minItems 1
   * @maxItems 30
   */
  columns: PrintTableColumn[];
  /**
   * A first column with the row number.
   */
  numbered?: boolean;
  totalsLabel?: string;
  when?: PrintFieldRef4;
  /**
   * Inline CSS of the block.
   */
  style?: string;
}
/**
 * This interface was referenced by `PrintTemplate`'s JSON-Schema
 * via the `definition` "tableColumn".
 */
export interface PrintTableColumn {
  field: PrintFieldRef1;
  label: string;
  format?: PrintFormat;
  align?: 'left' | 'center' | 'right';
  width?: string;
  /**
   * Sum this column in the totals row.
   */
  total?: boolean;
}
/**
 * A QR code or a barcode (Code 128) of a field, drawn locally as SVG.
 *
 * This interface was referenced by `PrintTemplate`'s JSON-Schema
 * via the `definition` "codeBlock".
 */
export interface PrintCodeBlock {
  type: 'code';
  field: PrintFieldRef1;
  symbology: 'qrcode' | 'code128';
  /**
   * Millimetres (width of a QR code, height of a barcode).
   */
  size?: number;
  when?: PrintFieldRef5;
  /**
   * Inline CSS of the block.
   */
  style?: string;
}
/**
 * Signature and seal areas side by side (签字 / 盖章), each a labelled empty box.
 *
 * This interface was referenced by `PrintTemplate`'s JSON-Schema
 * via the `definition` "signatureBlock".
 */
export interface PrintSignatureBlock {
  type: 'signature';
  /**
   * @minItems 1
   * @maxItems 4
   */
  parties: string[];
  /**
   * Draw a round seal area beside each signature line.
   */
  seal?: boolean;
  when?: PrintFieldRef6;
  /**
   * Inline CSS of the block.
   */
  style?: string;
}
/**
 * Starts a new page.
 *
 * This interface was referenced by `PrintTemplate`'s JSON-Schema
 * via the `definition` "pageBreakBlock".
 */
export interface PrintPageBreakBlock {
  type: 'pageBreak';
  when?: PrintFieldRef7;
  /**
   * Inline CSS of the block.
   */
  style?: string;
}
/**
 * Blocks printed together (kept on one page when they fit), typically with `when` to print them only for some records.
 *
 * This interface was referenced by `PrintTemplate`'s JSON-Schema
 * via the `definition` "sectionBlock".
 */
export interface PrintSectionBlock {
  type: 'section';
  /**
   * @maxItems 200
   */
  blocks: PrintBlock[];
  keepTogether?: boolean;
  when?: PrintFieldRef8;
  /**
   * Inline CSS of the block.
   */
  style?: string;
}
/**
 * This interface was referenced by `PrintTemplate`'s JSON-Schema
 * via the `definition` "page".
 */
export interface PageSetup {
  /**
   * `custom` takes `width` and `height` in millimetres.
   */
  size?: 'A3' | 'A4' | 'A5' | 'B5' | 'Letter' | 'Legal' | 'custom';
  orientation?: 'portrait' | 'landscape';
  margins?: PageMargins;
  /**
   * Page width in millimetres (size `custom`).
   */
  width?: number;
  /**
   * Page height in millimetres (size `custom`).
   */
  height?: number;
}
/**
 * Margins in millimetres.
 *
 * This interface was referenced by `PrintTemplate`'s JSON-Schema
 * via the `definition` "margins".
 */
export interface PageMargins {
  top: number;
  right: number;
  bottom: number;
  left: number;
}
/**
 * What holders of a role may do in an app: per entity and action a data scope, and per field hidden / read-only / editable. A user with several roles gets the union.
 */
export interface Role {
  key: Key;
  label: Label;
  version: DocumentVersion;
  description?: Label;
  /**
   * @maxItems 500
   */
  permissions: EntityPermission[];
}
/**
 * This interface was referenced by `Role`'s JSON-Schema
 * via the `definition` "entityPermission".
 */
export interface EntityPermission {
  entity: Key;
  actions: {
    [k: string]: DataScope | undefined;
  };
  /**
   * Field access by field key; fields not named get `defaultFieldAccess` (editable when that is absent) where the record is.
   */
  fields?: {
    [k: string]: ('hidden' | 'readOnly' | 'editable') | undefined;
  };
  /**
   * Access of the fields `fields` does not name (default: editable), so "all read-only except these" survives fields being added to or removed from the entity.
   */
  defaultFieldAccess?: 'hidden' | 'readOnly' | 'editable';
}
/**
 * Records whose user field `user` (a single-user field of the entity) is the current user (`own`), a user of their department (`department`) or of their department tree (`departmentTree`): "tickets whose technician is me or in my team".
 *
 * This interface was referenced by `Role`'s JSON-Schema
 * via the `definition` "userFieldScope".
 */
export interface UserFieldScope {
  user: Key;
  scope: 'own' | 'department' | 'departmentTree';
}
/**
 * The app's menu: a tree of entries opening views, dashboards, reports, forms or links.
 */
export interface Navigation {
  key: Key;
  label: Label;
  version: DocumentVersion;
  /**
   * @minItems 1
   * @maxItems 200
   */
  items: NavigationItem[];
}
/**
 * A menu entry: a link to a target, a group of `children`, or both.
 *
 * This interface was referenced by `Navigation`'s JSON-Schema
 * via the `definition` "item".
 */
export interface NavigationItem {
  key: Key;
  label: Label;
  icon?: string;
  target?: NavigationTarget;
  /**
   * Shown only to holders of one of these roles. Default: everyone who may open the target.
   *
   * @minItems 1
   * @maxItems 200
   */
  roles?: Key[];
  /**
   * @minItems 1
   * @maxItems 200
   */
  children?: NavigationItem[];
}
/**
 * This interface was referenced by `Navigation`'s JSON-Schema
 * via the `definition` "viewTarget".
 */
export interface ViewTarget {
  type: 'view';
  view: Key;
}
/**
 * This interface was referenced by `Navigation`'s JSON-Schema
 * via the `definition` "dashboardTarget".
 */
export interface DashboardTarget {
  type: 'dashboard';
  dashboard: Key;
}
/**
 * This interface was referenced by `Navigation`'s JSON-Schema
 * via the `definition` "reportTarget".
 */
export interface ReportTarget {
  type: 'report';
  report: Key;
}
/**
 * Opens the form to create a new record.
 *
 * This interface was referenced by `Navigation`'s JSON-Schema
 * via the `definition` "formTarget".
 */
export interface FormTarget {
  type: 'form';
  form: Key;
}
/**
 * This interface was referenced by `Navigation`'s JSON-Schema
 * via the `definition` "urlTarget".
 */
export interface UrlTarget {
  type: 'url';
  url: string;
  newTab?: boolean;
}
/**
 * Parts of the filter language, listed so that their TypeScript types are generated by name.
 *
 * This interface was referenced by `AppBundle`'s JSON-Schema
 * via the `definition` "filterParts".
 */
export interface FilterParts {
  and?: AndFilter;
  or?: OrFilter;
  not?: NotFilter;
  condition?: FilterCondition;
  variable?: FilterVariable;
  relativePeriod?: RelativePeriod;
  namedPeriod?: NamedPeriod;
  periodUnit?: PeriodUnit;
  operand?: FilterOperand;
}
export interface AndFilter {
  /**
   * @maxItems 200
   */
  and: Filter[];
}
export interface OrFilter {
  /**
   * @maxItems 200
   */
  or: Filter[];
}
export interface NotFilter {
  not: Filter;
}
/**
 * One comparison of a field (or a path through many-to-one relations, e.g. `account.industry`) with a value.
 */
export interface FilterCondition {
  field: FieldPath;
  op: FilterOperator;
  value?: FilterOperand;
}
/**
 * A value known only when the filter runs: the current user, their department (and its sub-departments), today, now.
 */
export interface FilterVariable {
  var:
    | 'currentUser'
    | 'currentUserDepartment'
    | 'currentUserDepartmentTree'
    | 'currentUserTeam'
    | 'today'
    | 'now';
}
/**
 * Parts of a rule's condition tree, listed so that their TypeScript types are generated by name.
 *
 * This interface was referenced by `AppBundle`'s JSON-Schema
 * via the `definition` "ruleConditionParts".
 */
export interface RuleConditionParts {
  and?: RuleAnd;
  or?: RuleOr;
  not?: RuleNot;
  fact?: RuleFactCondition;
  workingHours?: WorkingHours;
}
