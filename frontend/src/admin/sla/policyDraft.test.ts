import { describe, expect, it } from 'vitest'
import { draftFromPolicy, emptyGrid, gridFromTargets, newPolicyDraft, policyMessages, policyProblems, policySlot, targetsFromGrid, toPolicyInput } from './policyDraft'

describe('targets grid', () => {
  it('sends one row per priority with any cell filled, empty cells as null, in priority order', () => {
    const grid = emptyGrid()
    grid.URGENT.firstResponseMinutes = '30'
    grid.URGENT.resolutionMinutes = ' 480 '
    grid.LOW.nextResponseMinutes = '1440'
    expect(targetsFromGrid(grid)).toEqual([
      { priority: 'LOW', firstResponseMinutes: null, nextResponseMinutes: 1440, resolutionMinutes: null },
      { priority: 'URGENT', firstResponseMinutes: 30, nextResponseMinutes: null, resolutionMinutes: 480 },
    ])
  })

  it('fills the grid back from saved targets (round trip)', () => {
    const targets = [
      { priority: 'HIGH' as const, firstResponseMinutes: 60, nextResponseMinutes: null, resolutionMinutes: 960 },
    ]
    const grid = gridFromTargets(targets)
    expect(grid.HIGH).toEqual({ firstResponseMinutes: '60', nextResponseMinutes: '', resolutionMinutes: '960' })
    expect(grid.NORMAL).toEqual({ firstResponseMinutes: '', nextResponseMinutes: '', resolutionMinutes: '' })
    expect(targetsFromGrid(grid)).toEqual([{ priority: 'HIGH', firstResponseMinutes: 60, nextResponseMinutes: null, resolutionMinutes: 960 }])
  })

  it("maps the server's targets[i] to the cell of the i-th priority sent", () => {
    const d = newPolicyDraft()
    d.grid.NORMAL.firstResponseMinutes = '120'
    d.grid.URGENT.firstResponseMinutes = '0'
    expect(policySlot('targets[1].firstResponseMinutes', d)).toBe('targets.URGENT.firstResponseMinutes')
    expect(policySlot('targets[0]', d)).toBe('targets.NORMAL')
    expect(policySlot('targets[5].resolutionMinutes', d)).toBe('targets')
    expect(policySlot('conditions.teamIds[0]', d)).toBe('teamIds')
    expect(policySlot('warnPercents[1]', d)).toBe('warnPercents')
    // the editor's own check of a cell lands in the same slot as the server's
    expect(policyMessages(policyProblems(d), d)['targets.URGENT.firstResponseMinutes']).toBe('Whole minutes, at least 1.')
  })
})

describe('policy draft', () => {
  it('needs a name and one target, and sends the defaults for pauses and warnings', () => {
    const d = newPolicyDraft()
    expect(policyProblems(d).map((p) => p.path)).toEqual(['name', 'targets'])
    d.name = ' Gold '
    d.grid.HIGH.resolutionMinutes = '480'
    d.warnPercents = '50, 80%'
    expect(policyProblems(d)).toEqual([])
    expect(toPolicyInput(d)).toEqual({
      name: 'Gold',
      active: true,
      calendarId: null,
      conditions: { priorities: [], types: [], teamIds: [], accountIds: [], origins: [] },
      targets: [{ priority: 'HIGH', firstResponseMinutes: null, nextResponseMinutes: null, resolutionMinutes: 480 }],
      pauseStatuses: ['PENDING', 'ON_HOLD'],
      warnPercents: [50, 80],
    })
    d.warnPercents = '100'
    expect(policyProblems(d).map((p) => p.path)).toEqual(['warnPercents'])
  })

  it('reads a saved policy, the default calendar as none', () => {
    const d = draftFromPolicy({
      id: '9',
      name: 'Gold',
      position: 10,
      active: false,
      calendar: null,
      conditions: { priorities: ['URGENT'], types: [], teamIds: ['3'], accountIds: [], origins: ['EMAIL'] },
      targets: [],
      pauseStatuses: ['PENDING'],
      warnPercents: [80],
    })
    expect(d).toMatchObject({ name: 'Gold', active: false, calendarId: '', priorities: ['URGENT'], teamIds: ['3'], origins: ['EMAIL'], pauseStatuses: ['PENDING'], warnPercents: '80' })
  })
})
