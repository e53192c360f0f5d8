import { describe, expect, it } from 'vitest'
import { moveItem, orderChanged, renumber } from './reorder'

const rules = [
  { id: '1', position: 10 },
  { id: '2', position: 20 },
  { id: '3', position: 30 },
]

describe('reorder', () => {
  it('moves an item down, up, and clamps past the ends', () => {
    expect(moveItem(rules, 0, 2).map((r) => r.id)).toEqual(['2', '3', '1'])
    expect(moveItem(rules, 2, 0).map((r) => r.id)).toEqual(['3', '1', '2'])
    expect(moveItem(rules, 0, -1).map((r) => r.id)).toEqual(['1', '2', '3'])
    expect(moveItem(rules, 2, 3).map((r) => r.id)).toEqual(['1', '2', '3'])
    expect(moveItem(rules, 5, 0)).toEqual(rules)
  })

  it('leaves the input alone and tells a real change from a drop in place', () => {
    const moved = moveItem(rules, 1, 0)
    expect(rules.map((r) => r.id)).toEqual(['1', '2', '3'])
    expect(orderChanged(rules, moved)).toBe(true)
    expect(orderChanged(rules, moveItem(rules, 1, 1))).toBe(false)
  })

  it('renumbers as the server will: 10, 20, 30', () => {
    expect(renumber(moveItem(rules, 2, 0))).toEqual([
      { id: '3', position: 10 },
      { id: '1', position: 20 },
      { id: '2', position: 30 },
    ])
  })
})
