import { describe, expect, it } from 'vitest'
import { CombinedError } from '@urql/core'
import { GraphQLError } from 'graphql'
import { describeError, errorField } from './errors'

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
})
