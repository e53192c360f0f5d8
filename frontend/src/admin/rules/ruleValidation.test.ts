import { describe, expect, it } from 'vitest'
import { newAction, newCondition, newGroup, newRuleDraft, type RuleDraft } from './ruleTree'
import { problemsByPath, serverProblem, validateRule } from './ruleValidation'
import type { RuleField } from './types'

const TEXT_OPS = ['EQUALS', 'NOT_EQUALS', 'CONTAINS', 'NOT_CONTAINS', 'MATCHES', 'IS_EMPTY', 'IS_NOT_EMPTY', 'CHANGED', 'CHANGED_TO'] as const
const fields: RuleField[] = [
  { name: 'subject', label: 'Subject', kind: 'TEXT', options: [], operators: [...TEXT_OPS], settable: false },
  { name: 'priority', label: 'Priority', kind: 'ENUM', options: ['LOW', 'NORMAL', 'HIGH', 'URGENT'], operators: ['EQUALS', 'GREATER_THAN', 'CHANGED_TO'], settable: true },
  { name: 'teamId', label: 'Team', kind: 'ID', options: [], operators: ['EQUALS', 'IS_EMPTY', 'CHANGED_TO'], settable: true },
  { name: 'createdAt', label: 'Created', kind: 'TIME', options: [], operators: ['OLDER_THAN', 'GREATER_THAN'], settable: false },
]
const ctx = { fields, teamIds: new Set(['3']), userIds: new Set(['7']) }

function routingRule(): RuleDraft {
  const draft = newRuleDraft()
  draft.name = 'Route connection cases'
  draft.conditions.all.push(newCondition('subject', 'CONTAINS', 'connection'))
  const action = newAction('SET_FIELD')
  action.field = 'teamId'
  action.value = '3'
  draft.actions.push(action)
  return draft
}
const paths = (draft: RuleDraft) => validateRule(draft, ctx).map((p) => p.path)

describe('validateRule', () => {
  it('accepts a complete routing rule', () => {
    expect(validateRule(routingRule(), ctx)).toEqual([])
  })

  it('names the part: unknown field, operator the field lacks, missing value', () => {
    const draft = routingRule()
    draft.conditions.all.push(newCondition('subjct', 'EQUALS', 'x'), newCondition('priority', 'CONTAINS', 'HIGH'), newCondition('subject', 'EQUALS', '  '))
    const problems = problemsByPath(validateRule(draft, ctx))
    expect(problems).toEqual({
      'conditions.all[1].field': 'Unknown field "subjct".',
      'conditions.all[2].operator': 'Priority cannot be tested with CONTAINS.',
      'conditions.all[3].value': 'Enter a value.',
    })
  })

  it('needs no value for IS_EMPTY but a known option for an enum', () => {
    const draft = routingRule()
    draft.conditions.any.push(newCondition('teamId', 'IS_EMPTY'), newCondition('priority', 'EQUALS', 'HUGE'))
    expect(paths(draft)).toEqual(['conditions.any[1].value'])
  })

  it('refuses a bad regular expression', () => {
    const draft = routingRule()
    draft.conditions.all[0]!.operator = 'MATCHES'
    draft.conditions.all[0]!.value = 'conn(ection'
    expect(paths(draft)).toEqual(['conditions.all[0].value'])
  })

  it('allows groups three levels deep, not four', () => {
    const draft = routingRule()
    const level2 = newGroup()
    const level3 = newGroup()
    level3.all.push(newCondition('subject', 'CONTAINS', 'cable'))
    level2.groups.push(level3)
    draft.conditions.groups.push(level2)
    expect(paths(draft)).toEqual([])
    level3.groups.push(newGroup())
    expect(paths(draft)).toEqual(['conditions.groups[0].groups[0].groups'])
  })

  it('caps conditions at 50 and actions at 20, and wants one action', () => {
    const draft = routingRule()
    for (let i = 0; i < 50; i++) draft.conditions.any.push(newCondition('subject', 'CONTAINS', `k${i}`))
    expect(paths(draft)).toEqual(['conditions'])
    draft.conditions.any = []
    draft.actions = []
    expect(paths(draft)).toEqual(['actions'])
    for (let i = 0; i < 21; i++) draft.actions.push(Object.assign(newAction('ADD_TAG'), { value: `t${i}` }))
    expect(paths(draft)).toEqual(['actions'])
  })

  it('keeps OLDER_THAN for scheduled rules, which need it and a repeat policy', () => {
    const draft = routingRule()
    draft.conditions.all.push(newCondition('createdAt', 'OLDER_THAN', '2d'))
    expect(paths(draft)).toEqual(['conditions.all[1].operator'])
    draft.event = 'SCHEDULED'
    expect(paths(draft)).toEqual(['repeat'])
    draft.repeat = 'EVERY'
    expect(paths(draft)).toEqual(['repeatEveryHours'])
    draft.repeatEveryHours = '6'
    draft.conditions.all[1]!.value = 'two days'
    expect(paths(draft)).toEqual(['conditions.all[1].value'])
    draft.conditions.all.pop()
    expect(paths(draft)).toEqual(['conditions.all'])
  })

  it('checks each action type for its own parts', () => {
    const draft = routingRule()
    draft.actions[0]!.value = '999'
    draft.actions.push(newAction(), newAction('SEND_EMAIL'), Object.assign(newAction('NOTIFY'), { field: 'user:x' }), Object.assign(newAction('CREATE_TASK'), { value: 'Call', dueInMinutes: '0' }))
    draft.actions.push(Object.assign(newAction('SET_FIELD'), { field: 'subject', value: 'x' }), Object.assign(newAction('ASSIGN'), { value: '8' }))
    expect(validateRule(draft, ctx)).toEqual([
      { path: 'actions[0].value', message: 'No team 999.' },
      { path: 'actions[1].type', message: 'Choose what the action does.' },
      { path: 'actions[2].field', message: 'Send to the customer or to one e-mail address.' },
      { path: 'actions[2].subject', message: 'Enter the subject.' },
      { path: 'actions[2].value', message: 'Write the message.' },
      { path: 'actions[3].field', message: 'Choose whom to notify.' },
      { path: 'actions[4].dueInMinutes', message: 'Due in whole minutes, at least 1.' },
      { path: 'actions[5].field', message: '"subject" cannot be set by a rule.' },
      { path: 'actions[6].value', message: 'No agent 8.' },
    ])
  })

  it('wants a name', () => {
    const draft = routingRule()
    draft.name = ' '
    expect(paths(draft)).toEqual(['name'])
  })
})

describe('serverProblem', () => {
  it('reads the part from the message, or from extensions.field', () => {
    expect(serverProblem('conditions.all[1].field: unknown field "subjct"')).toEqual({ path: 'conditions.all[1].field', message: 'unknown field "subjct"' })
    expect(serverProblem('actions[0].value: no team 999')).toEqual({ path: 'actions[0].value', message: 'no team 999' })
    expect(serverProblem('no team 999', 'input.actions[0].value')).toEqual({ path: 'actions[0].value', message: 'no team 999' })
    expect(serverProblem('Something else')).toEqual({ path: '', message: 'Something else' })
  })
})
