import { describe, expect, it } from 'vitest'
import { compareInstants } from './instants'

describe('compareInstants', () => {
  it('orders by microseconds, which a Date drops', () => {
    expect(compareInstants('2025-03-01T10:00:00.000101Z', '2025-03-01T10:00:00.000100Z')).toBeGreaterThan(0)
    expect(compareInstants('2025-03-01T10:00:00Z', '2025-03-01T10:00:00.000001Z')).toBeLessThan(0)
    expect(compareInstants('2025-03-01T10:00:00.5Z', '2025-03-01T10:00:00.500000Z')).toBe(0)
    expect(compareInstants('2025-03-01T10:00:01Z', '2025-03-01T10:00:00.999999Z')).toBeGreaterThan(0)
    expect(compareInstants('2025-03-01T11:00:00+01:00', '2025-03-01T10:00:00Z')).toBe(0)
  })
})
