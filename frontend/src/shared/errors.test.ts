import { describe, expect, it } from 'vitest'
import { CombinedError } from '@urql/core'
import { GraphQLError } from 'graphql'
import { CONFLICT_MESSAGE, describeError, errorField, isConflict } from './errors'

const gqlError = (code: string, message = 'x', extra: Record<string, unknown> = {}) =>
  new CombinedError({ graphQLErrors: [new GraphQLError(message, { extensions: { code, ...extra } })] })

describe('describeError', () => {
  it('speaks plainly for each error code', () => {
    expect(describeError(gqlError('NOT_FOUND'))).toMatch(/does not exist/)
    expect(describeError(gqlError('FORBIDDEN'))).toMatch(/not allowed/)
    expect(describeError(gqlError('UNAUTHENTICATED'))).toMatch(/sign in/)
    expect(describeError(gqlError('RATE_LIMITED'))).toMatch(/Too many/)
    expect(describeError(gqlError('INTERNAL', 'Traceback…'))).not.toMatch(/Traceback/)
    expect(describeError(new CombinedError({ networkError: new Error('Failed to fetch') }))).toMatch(/Cannot reach the server/)
  })

  it('keeps the server message and field for bad input', () => {
    const err = gqlError('BAD_USER_INPUT', 'Subject is too long.', { field: 'subject' })
    expect(describeError(err)).toBe('Subject is too long.')
    expect(errorField(err)).toBe('subject')
  })

  it('tells a stale write (CONFLICT) as a case to review, not as a failure', () => {
    const err = gqlError('CONFLICT', 'Case 10007 changed at 2025-03-01T10:00:05Z, after 2025-03-01T10:00:00Z.')
    expect(describeError(err)).toBe(CONFLICT_MESSAGE)
    expect(CONFLICT_MESSAGE).toBe('This case changed since you opened it. Review the change, then save again.')
    expect(isConflict(err)).toBe(true)
    expect(isConflict(gqlError('BAD_USER_INPUT'))).toBe(false)
    expect(isConflict(null)).toBe(false)
  })
})
