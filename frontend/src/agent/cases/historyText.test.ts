import { describe, expect, it } from 'vitest'
import { historyFieldLabel, historyValue, isAddition, isNoteRow, ruleAttribution } from './historyText'

describe('history wording', () => {
  it('says which rule made a change and which event caused it', () => {
    expect(ruleAttribution({ field: 'team', actorName: 'Route connection cases', ruleName: 'Route connection cases', causedBy: '41' })).toBe(
      'by rule Route connection cases, caused by event 41',
    )
    expect(ruleAttribution({ field: 'team', actorName: 'R', ruleName: 'R', causedBy: null })).toBe('by rule R')
  })

  it("attributes nothing to a rule for a person's change, even one with a cause", () => {
    expect(ruleAttribution({ field: 'assignee', actorName: 'Alice', ruleName: null, causedBy: '12' })).toBeNull()
  })

  it('names the automation and assignment rows and reads them as notes', () => {
    expect(historyFieldLabel('automation')).toBe('Automation')
    expect(historyFieldLabel('assignmentReason')).toBe('Assignment')
    expect(historyFieldLabel('internalComments')).toBe('Internal comments')
    expect(isNoteRow({ field: 'automation', actorName: 'A', newValue: 'Loop halted: A → B → A (event 9)' })).toBe(true)
    expect(isNoteRow({ field: 'status', actorName: 'A' })).toBe(false)
  })

  it("reads an SLA warning or breach as a note, a new target as a change of 'SLA'", () => {
    expect(historyFieldLabel('sla')).toBe('SLA')
    expect(isNoteRow({ field: 'sla', newValue: 'First response: breached', actorName: 'SLA' })).toBe(true)
    expect(isNoteRow({ field: 'sla', oldValue: 'Standard · resolution 960 min', newValue: 'Standard · resolution 480 min', actorName: 'SLA' })).toBe(false)
  })

  it('reads a new task as an addition, its completion as a change', () => {
    expect(isAddition({ field: 'task', actorName: 'R', oldValue: null, newValue: 'Check the line' })).toBe(true)
    expect(isAddition({ field: 'task', actorName: 'R', oldValue: 'Check the line', newValue: 'Done: Check the line' })).toBe(false)
  })

  it('shows values with their labels', () => {
    expect(historyValue('status', 'PENDING')).toBe('Waiting on customer')
    expect(historyValue('team', '')).toBe('nothing')
  })
})
