import { describe, expect, it } from 'vitest'
import { teamInput, validateTeamSettings } from './teamSettings'

const draft = (cap: string, name = 'Network') => ({ name, strategy: 'ROUND_ROBIN' as const, cap, memberIds: ['4'] })

describe('team settings', () => {
  it('takes an empty cap as none and a whole number as the cap', () => {
    expect(validateTeamSettings(draft(''))).toEqual({})
    expect(teamInput(draft(''))).toEqual({ name: 'Network', assignmentStrategy: 'ROUND_ROBIN', maxOpenPerAgent: null, memberIds: ['4'] })
    expect(teamInput(draft(' 5 ')).maxOpenPerAgent).toBe(5)
  })

  it('refuses a cap below 1 or not whole, and an empty name', () => {
    for (const cap of ['0', '2.5', '-1', 'ten']) expect(Object.keys(validateTeamSettings(draft(cap)))).toEqual(['maxOpenPerAgent'])
    expect(Object.keys(validateTeamSettings(draft('', ' ')))).toEqual(['name'])
  })
})
