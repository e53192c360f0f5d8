/**
 * The rule editor's state and its two translations: a saved Rule into the editable draft, and the
 * draft into the RuleInput the server takes. The editor works on drafts (strings everywhere, keys
 * for Vue's lists) so a half-typed value never breaks the form; only `toRuleInput` shapes the wire.
 */
import type {
  RuleActionInput,
  RuleActionType,
  RuleConditionInput,
  RuleConditionsInput,
  RuleEvent,
  RuleInput,
  RuleMatch,
  RuleOperator,
  RuleRepeat,
} from './types'

/** The root group is level 1; groups may nest until level 3 (the server refuses deeper). */
export const MAX_DEPTH = 3
export const MAX_CONDITIONS = 50
export const MAX_ACTIONS = 20

export const EVENTS: RuleEvent[] = ['CASE_CREATED', 'CASE_UPDATED', 'POST_ADDED', 'SCHEDULED', 'SLA_WARNING', 'SLA_BREACHED']
export const ACTION_TYPES: RuleActionType[] = [
  'SET_FIELD',
  'ASSIGN',
  'ADD_TAG',
  'ADD_INTERNAL_NOTE',
  'NOTIFY',
  'SEND_EMAIL',
  'CREATE_TASK',
  'CREATE_CHILD_CASE',
]
/** Operators that test the field alone: they take no value. */
export const VALUELESS: ReadonlySet<RuleOperator> = new Set<RuleOperator>(['IS_EMPTY', 'IS_NOT_EMPTY', 'CHANGED'])

export type ConditionList = 'all' | 'any'

export interface ConditionDraft {
  key: number
  field: string
  operator: RuleOperator | ''
  value: string
}

export interface GroupDraft {
  key: number
  all: ConditionDraft[]
  any: ConditionDraft[]
  groups: GroupDraft[]
  groupsMatch: RuleMatch
}

export interface ActionDraft {
  key: number
  type: RuleActionType | ''
  field: string
  value: string
  subject: string
  dueInMinutes: string
}

export interface RuleDraft {
  name: string
  event: RuleEvent | ''
  active: boolean
  stopProcessing: boolean
  repeat: RuleRepeat | ''
  repeatEveryHours: string
  conditions: GroupDraft
  actions: ActionDraft[]
}

let nextKey = 1
const key = () => nextKey++

export const newCondition = (field = '', operator: RuleOperator | '' = '', value = ''): ConditionDraft => ({ key: key(), field, operator, value })
export const newGroup = (): GroupDraft => ({ key: key(), all: [], any: [], groups: [], groupsMatch: 'ALL' })
export const newAction = (type: RuleActionType | '' = ''): ActionDraft => ({ key: key(), type, field: '', value: '', subject: '', dueInMinutes: '' })

export function newRuleDraft(): RuleDraft {
  return { name: '', event: 'CASE_CREATED', active: true, stopProcessing: false, repeat: '', repeatEveryHours: '', conditions: newGroup(), actions: [] }
}

/** The saved rule's shape as the editor reads it (a subset of the Rule type). */
export interface SavedConditions {
  all: { field: string; operator: RuleOperator; value?: string | null }[]
  any: { field: string; operator: RuleOperator; value?: string | null }[]
  /** Absent at the deepest level the queries select: groups there cannot nest further. */
  groups?: SavedConditions[]
  groupsMatch: RuleMatch
}
export interface SavedRule {
  name: string
  event: RuleEvent
  active: boolean
  stopProcessing: boolean
  repeat?: RuleRepeat | null
  repeatEveryHours?: number | null
  conditions: SavedConditions
  actions: { type: RuleActionType; field?: string | null; value?: string | null; subject?: string | null; dueInMinutes?: number | null }[]
}

function groupFromSaved(saved: SavedConditions): GroupDraft {
  const cond = (c: SavedConditions['all'][number]) => newCondition(c.field, c.operator, c.value ?? '')
  return { key: key(), all: saved.all.map(cond), any: saved.any.map(cond), groups: (saved.groups ?? []).map(groupFromSaved), groupsMatch: saved.groupsMatch }
}

export function draftFromRule(rule: SavedRule): RuleDraft {
  return {
    name: rule.name,
    event: rule.event,
    active: rule.active,
    stopProcessing: rule.stopProcessing,
    repeat: rule.repeat ?? '',
    repeatEveryHours: rule.repeatEveryHours != null ? String(rule.repeatEveryHours) : '',
    conditions: groupFromSaved(rule.conditions),
    actions: rule.actions.map((a) => ({
      key: key(),
      type: a.type,
      field: a.field ?? '',
      value: a.value ?? '',
      subject: a.subject ?? '',
      dueInMinutes: a.dueInMinutes != null ? String(a.dueInMinutes) : '',
    })),
  }
}

const orNull = (s: string): string | null => (s.trim() === '' ? null : s.trim())

function conditionInput(c: ConditionDraft): RuleConditionInput {
  const operator = c.operator as RuleOperator
  return { field: c.field, operator, value: VALUELESS.has(operator) ? null : c.value.trim() }
}

export function groupInput(g: GroupDraft): RuleConditionsInput {
  return { all: g.all.map(conditionInput), any: g.any.map(conditionInput), groups: g.groups.map(groupInput), groupsMatch: g.groupsMatch }
}

/** The fields each action type uses; the others are sent as null so a changed type leaves no residue. */
export const ACTION_PARTS: Record<RuleActionType, { field: boolean; value: boolean; subject: boolean; due: boolean }> = {
  SET_FIELD: { field: true, value: true, subject: false, due: false },
  ASSIGN: { field: false, value: true, subject: false, due: false },
  ADD_TAG: { field: false, value: true, subject: false, due: false },
  ADD_INTERNAL_NOTE: { field: false, value: true, subject: false, due: false },
  NOTIFY: { field: true, value: true, subject: true, due: false },
  SEND_EMAIL: { field: true, value: true, subject: true, due: false },
  CREATE_TASK: { field: true, value: true, subject: false, due: true },
  CREATE_CHILD_CASE: { field: true, value: true, subject: false, due: false },
}

function actionInput(a: ActionDraft): RuleActionInput {
  const type = a.type as RuleActionType
  const parts = ACTION_PARTS[type]
  const due = parts.due && a.dueInMinutes.trim() !== '' ? Number(a.dueInMinutes) : null
  return {
    type,
    field: parts.field ? orNull(a.field) : null,
    // A SET_FIELD value may be cleared on purpose (empty product); an ASSIGN without a user means the team's strategy.
    value: type === 'SET_FIELD' ? a.value.trim() : orNull(a.value),
    subject: parts.subject ? orNull(a.subject) : null,
    dueInMinutes: due,
  }
}

/** The RuleInput for a draft that passed validation. `position` is left out: the list orders rules. */
export function toRuleInput(draft: RuleDraft): RuleInput {
  const scheduled = draft.event === 'SCHEDULED'
  const repeat = scheduled && draft.repeat ? (draft.repeat as RuleRepeat) : null
  return {
    name: draft.name.trim(),
    event: draft.event as RuleEvent,
    active: draft.active,
    stopProcessing: draft.stopProcessing,
    conditions: groupInput(draft.conditions),
    actions: draft.actions.map(actionInput),
    repeat,
    repeatEveryHours: repeat === 'EVERY' && draft.repeatEveryHours.trim() !== '' ? Number(draft.repeatEveryHours) : null,
  }
}

export function countConditions(g: GroupDraft): number {
  return g.all.length + g.any.length + g.groups.reduce((n, child) => n + countConditions(child), 0)
}

export function depthOf(g: GroupDraft): number {
  return 1 + Math.max(0, ...g.groups.map(depthOf))
}

/** The path of a part, as the server names it in BAD_USER_INPUT (`conditions.groups[0].all[1]`). */
export const conditionPath = (groupPath: string, list: ConditionList, index: number) => `${groupPath}.${list}[${index}]`
export const subgroupPath = (groupPath: string, index: number) => `${groupPath}.groups[${index}]`
export const actionPath = (index: number) => `actions[${index}]`

const PART_WORDS: Record<string, string> = { field: 'field', operator: 'operator', value: 'value', subject: 'subject', type: 'type', dueInMinutes: 'due in', groups: 'groups' }

/** "conditions.groups[0].any[1].value" → "Group 1 › any condition 2 › value": where a problem is, for people. */
export function describePath(path: string): string {
  const words: string[] = []
  for (const part of path.split('.')) {
    const m = /^(\w+)(?:\[(\d+)\])?$/.exec(part)
    if (!m) {
      words.push(part)
      continue
    }
    const [, name, index] = m
    const n = index !== undefined ? Number(index) + 1 : null
    if (name === 'conditions') words.push('Conditions')
    else if (name === 'groups' && n) words.push(`group ${n}`)
    else if ((name === 'all' || name === 'any') && n) words.push(`${name} condition ${n}`)
    else if (name === 'actions' && n) words.push(`Action ${n}`)
    else if (name === 'name') words.push('Name')
    else if (name === 'repeat') words.push('Repeat')
    else if (name === 'repeatEveryHours') words.push('Repeat every')
    else words.push(PART_WORDS[name!] ?? name!)
  }
  return words.join(' › ')
}
