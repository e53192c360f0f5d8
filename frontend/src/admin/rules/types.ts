/**
 * The rules contract (design-12) as the editor uses it. Until the server's types reach
 * schema.graphql these mirror it by hand; afterwards this file only re-exports the generated ones.
 */
export type RuleEvent = 'CASE_CREATED' | 'CASE_UPDATED' | 'POST_ADDED' | 'SCHEDULED' | 'SLA_WARNING' | 'SLA_BREACHED'
export type RuleOperator =
  | 'EQUALS'
  | 'NOT_EQUALS'
  | 'CONTAINS'
  | 'NOT_CONTAINS'
  | 'MATCHES'
  | 'IS_EMPTY'
  | 'IS_NOT_EMPTY'
  | 'CHANGED'
  | 'CHANGED_TO'
  | 'GREATER_THAN'
  | 'LESS_THAN'
  | 'OLDER_THAN'
export type RuleActionType = 'SET_FIELD' | 'ASSIGN' | 'ADD_TAG' | 'ADD_INTERNAL_NOTE' | 'NOTIFY' | 'SEND_EMAIL' | 'CREATE_TASK' | 'CREATE_CHILD_CASE'
export type RuleMatch = 'ALL' | 'ANY'
export type RuleRepeat = 'ONCE' | 'ON_ENTER' | 'EVERY'
export type RuleFieldKind = 'TEXT' | 'ENUM' | 'LIST' | 'TIME' | 'NUMBER' | 'ID'
export interface RuleConditionInput { field: string; operator: RuleOperator; value?: string | null }
export interface RuleConditionsInput {
  all?: RuleConditionInput[] | null
  any?: RuleConditionInput[] | null
  groups?: RuleConditionsInput[] | null
  groupsMatch?: RuleMatch | null
}
export interface RuleActionInput { type: RuleActionType; field?: string | null; value?: string | null; subject?: string | null; dueInMinutes?: number | null }
export interface RuleInput {
  name: string
  position?: number | null
  event: RuleEvent
  active?: boolean | null
  conditions?: RuleConditionsInput | null
  actions: RuleActionInput[]
  stopProcessing?: boolean | null
  repeat?: RuleRepeat | null
  repeatEveryHours?: number | null
}
export interface RuleField { name: string; label: string; kind: RuleFieldKind; options: string[]; operators: RuleOperator[]; settable: boolean }
