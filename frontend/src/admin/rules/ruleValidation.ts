/**
 * What the editor checks before it lets a rule be saved. The server checks the same and more
 * (BAD_USER_INPUT naming the part); checking here keeps Save disabled and says where the problem
 * is while the admin types. Problems are keyed by the server's path for the part, so the server's
 * answer and the editor's own land beside the same input.
 */
import { MAX_ACTIONS, MAX_CONDITIONS, MAX_DEPTH, VALUELESS, actionPath, conditionPath, countConditions, subgroupPath } from './ruleTree'
import type { ActionDraft, ConditionDraft, ConditionList, GroupDraft, RuleDraft } from './ruleTree'
import type { RuleField } from './types'
import { inputProblem } from '../../shared/errors'

export interface Problem {
  path: string
  message: string
}

export interface ValidationContext {
  fields: RuleField[]
  /** Known team and user ids, when loaded: a picked id that is gone is a problem. */
  teamIds?: ReadonlySet<string>
  userIds?: ReadonlySet<string>
}

const AGE = /^\d+[mhd]$/
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const NUMBER = /^-?\d+(\.\d+)?$/
const TARGET = /^(assignee|team|user:\d+|team:\d+)$/
const MAX_PATTERN = 500

function checkCondition(c: ConditionDraft, path: string, scheduled: boolean, ctx: ValidationContext, out: Problem[]) {
  const field = ctx.fields.find((f) => f.name === c.field)
  if (!c.field) return out.push({ path: `${path}.field`, message: 'Choose a field.' })
  if (!field) return out.push({ path: `${path}.field`, message: `Unknown field "${c.field}".` })
  if (!c.operator) return out.push({ path: `${path}.operator`, message: 'Choose an operator.' })
  if (!field.operators.includes(c.operator)) return out.push({ path: `${path}.operator`, message: `${field.label} cannot be tested with ${c.operator}.` })
  if (c.operator === 'OLDER_THAN' && !scheduled) return out.push({ path: `${path}.operator`, message: 'OLDER_THAN works only in scheduled rules.' })
  if (VALUELESS.has(c.operator)) return
  const value = c.value.trim()
  if (!value) return out.push({ path: `${path}.value`, message: 'Enter a value.' })
  if (c.operator === 'OLDER_THAN' && !AGE.test(value)) return out.push({ path: `${path}.value`, message: 'Write an age like 30m, 4h or 2d.' })
  if (c.operator === 'MATCHES') {
    if (value.length > MAX_PATTERN) return out.push({ path: `${path}.value`, message: `A pattern has at most ${MAX_PATTERN} characters.` })
    try {
      new RegExp(value, 'i')
    } catch {
      return out.push({ path: `${path}.value`, message: 'This is not a valid regular expression.' })
    }
  }
  if ((c.operator === 'GREATER_THAN' || c.operator === 'LESS_THAN') && field.kind === 'NUMBER' && !NUMBER.test(value)) {
    return out.push({ path: `${path}.value`, message: 'Enter a number.' })
  }
  const compares = c.operator === 'EQUALS' || c.operator === 'NOT_EQUALS' || c.operator === 'CHANGED_TO'
  if (compares && field.kind === 'ENUM' && field.options.length && !field.options.includes(value)) {
    out.push({ path: `${path}.value`, message: `Choose one of ${field.options.join(', ')}.` })
  }
}

function checkGroup(g: GroupDraft, path: string, depth: number, scheduled: boolean, ctx: ValidationContext, out: Problem[]) {
  for (const list of ['all', 'any'] as ConditionList[]) {
    g[list].forEach((c, i) => checkCondition(c, conditionPath(path, list, i), scheduled, ctx, out))
  }
  if (g.groups.length && depth >= MAX_DEPTH) out.push({ path: `${path}.groups`, message: `Groups nest at most ${MAX_DEPTH} levels deep.` })
  g.groups.forEach((child, i) => checkGroup(child, subgroupPath(path, i), depth + 1, scheduled, ctx, out))
}

function checkAction(a: ActionDraft, path: string, ctx: ValidationContext, out: Problem[]) {
  if (!a.type) return out.push({ path: `${path}.type`, message: 'Choose what the action does.' })
  const value = a.value.trim()
  const field = a.field.trim()
  const need = (part: 'field' | 'value' | 'subject', ok: boolean, message: string) => ok || out.push({ path: `${path}.${part}`, message })
  switch (a.type) {
    case 'SET_FIELD': {
      const target = ctx.fields.find((f) => f.name === field)
      if (!field) return need('field', false, 'Choose the field to set.')
      if (!target?.settable) return need('field', false, `"${field}" cannot be set by a rule.`)
      if (['teamId', 'priority', 'type', 'status'].includes(field)) need('value', !!value, `Choose the new ${target.label.toLowerCase()}.`)
      if (field === 'teamId' && value && ctx.teamIds && !ctx.teamIds.has(value)) need('value', false, `No team ${value}.`)
      if (target.kind === 'ENUM' && value && target.options.length && !target.options.includes(value)) need('value', false, `Choose one of ${target.options.join(', ')}.`)
      return
    }
    case 'ASSIGN':
      if (value && ctx.userIds && !ctx.userIds.has(value)) need('value', false, `No agent ${value}.`)
      return
    case 'ADD_TAG':
      return need('value', !!value, 'Enter the tag to add.')
    case 'ADD_INTERNAL_NOTE':
      return need('value', !!value, 'Write the note.')
    case 'NOTIFY':
      return need('field', TARGET.test(field), 'Choose whom to notify.')
    case 'SEND_EMAIL':
      need('field', field === 'customer' || EMAIL.test(field), 'Send to the customer or to one e-mail address.')
      need('subject', !!a.subject.trim(), 'Enter the subject.')
      need('value', !!value, 'Write the message.')
      return
    case 'CREATE_TASK': {
      need('value', !!value, 'Enter the task.')
      need('field', !field || field === 'assignee' || /^user:\d+$/.test(field), 'Give the task to the assignee or to one user.')
      const due = a.dueInMinutes.trim()
      if (due && !(/^\d+$/.test(due) && Number(due) >= 1)) out.push({ path: `${path}.dueInMinutes`, message: 'Due in whole minutes, at least 1.' })
      return
    }
    case 'CREATE_CHILD_CASE':
      need('value', !!value, 'Enter the child case subject.')
      if (field && ctx.teamIds && !ctx.teamIds.has(field)) need('field', false, `No team ${field}.`)
      return
  }
}

function hasOlderThan(g: GroupDraft): boolean {
  return g.all.some((c) => c.operator === 'OLDER_THAN')
}

/** Every problem in the draft, in the order the form shows the parts; none means it may be saved. */
export function validateRule(draft: RuleDraft, ctx: ValidationContext): Problem[] {
  const out: Problem[] = []
  if (!draft.name.trim()) out.push({ path: 'name', message: 'Give the rule a name.' })
  else if (draft.name.trim().length > 200) out.push({ path: 'name', message: 'A name has at most 200 characters.' })
  if (!draft.event) out.push({ path: 'event', message: 'Choose when the rule runs.' })
  const scheduled = draft.event === 'SCHEDULED'
  if (scheduled) {
    if (!draft.repeat) out.push({ path: 'repeat', message: 'Say how often a scheduled rule may fire for a case.' })
    if (draft.repeat === 'EVERY' && !(/^\d+$/.test(draft.repeatEveryHours.trim()) && Number(draft.repeatEveryHours) >= 1)) {
      out.push({ path: 'repeatEveryHours', message: 'Repeat every whole number of hours, at least 1.' })
    }
    if (!hasOlderThan(draft.conditions)) out.push({ path: 'conditions.all', message: 'A scheduled rule needs an OLDER_THAN condition under "All of these".' })
  }
  if (countConditions(draft.conditions) > MAX_CONDITIONS) out.push({ path: 'conditions', message: `A rule has at most ${MAX_CONDITIONS} conditions.` })
  checkGroup(draft.conditions, 'conditions', 1, scheduled, ctx, out)
  if (!draft.actions.length) out.push({ path: 'actions', message: 'Add at least one action.' })
  if (draft.actions.length > MAX_ACTIONS) out.push({ path: 'actions', message: `A rule has at most ${MAX_ACTIONS} actions.` })
  draft.actions.forEach((a, i) => checkAction(a, actionPath(i), ctx, out))
  return out
}

/** Problems by path; the first for each part is the one shown beside it. */
export function problemsByPath(problems: Problem[]): Record<string, string> {
  const map: Record<string, string> = {}
  for (const p of problems) map[p.path] ??= p.message
  return map
}

/** The part a server BAD_USER_INPUT names (shared with every admin editor). */
export const serverProblem: (message: string, field?: unknown) => Problem = inputProblem
