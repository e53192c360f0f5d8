import { describe, expect, it } from 'vitest'
import { describePath, draftFromRule, newAction, newCondition, newGroup, newRuleDraft, toRuleInput, type SavedRule } from './ruleTree'

describe('toRuleInput', () => {
  it('builds the routing rule the seeds describe', () => {
    const draft = newRuleDraft()
    draft.name = '  Route connection cases '
    draft.conditions.all.push(newCondition('subject', 'CONTAINS', ' connection '))
    const action = newAction('SET_FIELD')
    action.field = 'teamId'
    action.value = '3'
    action.subject = 'left over from NOTIFY'
    draft.actions.push(action)
    expect(toRuleInput(draft)).toEqual({
      name: 'Route connection cases',
      event: 'CASE_CREATED',
      active: true,
      stopProcessing: false,
      conditions: { all: [{ field: 'subject', operator: 'CONTAINS', value: 'connection' }], any: [], groups: [], groupsMatch: 'ALL' },
      actions: [{ type: 'SET_FIELD', field: 'teamId', value: '3', subject: null, dueInMinutes: null }],
      repeat: null,
      repeatEveryHours: null,
    })
  })

  it('nests groups and drops values of operators that take none', () => {
    const draft = newRuleDraft()
    const inner = newGroup()
    inner.groupsMatch = 'ANY'
    inner.any.push(newCondition('tags', 'CONTAINS', 'vip'), newCondition('assigneeId', 'IS_EMPTY', 'stale'))
    const child = newGroup()
    child.groups.push(inner)
    draft.conditions.groups.push(child)
    const input = toRuleInput(draft)
    expect(input.conditions?.groups?.[0]?.groups?.[0]).toEqual({
      all: [],
      any: [
        { field: 'tags', operator: 'CONTAINS', value: 'vip' },
        { field: 'assigneeId', operator: 'IS_EMPTY', value: null },
      ],
      groups: [],
      groupsMatch: 'ANY',
    })
  })

  it('sends repeat only for scheduled rules, and hours only for EVERY', () => {
    const draft = newRuleDraft()
    draft.repeat = 'EVERY'
    draft.repeatEveryHours = '4'
    expect(toRuleInput(draft).repeat).toBeNull()
    draft.event = 'SCHEDULED'
    expect(toRuleInput(draft)).toMatchObject({ repeat: 'EVERY', repeatEveryHours: 4 })
    draft.repeat = 'ONCE'
    expect(toRuleInput(draft)).toMatchObject({ repeat: 'ONCE', repeatEveryHours: null })
  })

  it('keeps per-type parts: a task has a due time, an empty ASSIGN means the team strategy', () => {
    const draft = newRuleDraft()
    const task = newAction('CREATE_TASK')
    task.value = 'Call back'
    task.field = 'assignee'
    task.dueInMinutes = '90'
    const assign = newAction('ASSIGN')
    draft.actions.push(task, assign)
    expect(toRuleInput(draft).actions).toEqual([
      { type: 'CREATE_TASK', field: 'assignee', value: 'Call back', subject: null, dueInMinutes: 90 },
      { type: 'ASSIGN', field: null, value: null, subject: null, dueInMinutes: null },
    ])
  })

  it('reads a saved rule back into the same input', () => {
    const saved: SavedRule = {
      name: 'Escalate',
      event: 'SCHEDULED',
      active: false,
      stopProcessing: true,
      repeat: 'EVERY',
      repeatEveryHours: 8,
      conditions: {
        all: [{ field: 'createdAt', operator: 'OLDER_THAN', value: '2d' }],
        any: [],
        groups: [{ all: [], any: [{ field: 'priority', operator: 'EQUALS', value: 'HIGH' }], groups: [], groupsMatch: 'ALL' }],
        groupsMatch: 'ANY',
      },
      actions: [{ type: 'NOTIFY', field: 'team', value: 'Look', subject: 'Old case', dueInMinutes: null }],
    }
    const input = toRuleInput(draftFromRule(saved))
    expect(input).toMatchObject({ name: 'Escalate', event: 'SCHEDULED', active: false, stopProcessing: true, repeat: 'EVERY', repeatEveryHours: 8 })
    expect(input.conditions).toEqual({ ...saved.conditions, groups: [{ ...saved.conditions.groups![0]! }] })
    expect(input.actions).toEqual([{ type: 'NOTIFY', field: 'team', value: 'Look', subject: 'Old case', dueInMinutes: null }])
  })
})

describe('describePath', () => {
  it('names the part for people', () => {
    expect(describePath('conditions.groups[0].any[1].value')).toBe('Conditions › group 1 › any condition 2 › value')
    expect(describePath('actions[2].field')).toBe('Action 3 › field')
    expect(describePath('name')).toBe('Name')
  })
})
