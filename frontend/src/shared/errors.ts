import type { CombinedError } from '@urql/core'

/** What a stale write (CONFLICT: the case or its stream moved on since the page read it) tells the user. */
export const CONFLICT_MESSAGE = 'This case changed since you opened it. Review the change, then save again.'

/** Turns a GraphQL/network failure into one sentence a person can act on. */
export function describeError(error: CombinedError | Error | null | undefined): string {
  if (!error) return ''
  const combined = error as CombinedError
  if (combined.networkError) {
    return 'Cannot reach the server. Check your connection; we will keep trying.'
  }
  const first = combined.graphQLErrors?.[0]
  if (!first) return 'Something went wrong. Please try again.'
  const code = first.extensions?.code as string | undefined
  switch (code) {
    case 'UNAUTHENTICATED':
      return 'Your session has ended. Please sign in again.'
    case 'FORBIDDEN':
      return 'You are not allowed to do that.'
    case 'NOT_FOUND':
      return 'This item does not exist or you do not have access to it.'
    case 'CONFLICT':
      return CONFLICT_MESSAGE
    case 'RATE_LIMITED':
      return 'Too many attempts. Wait a moment and try again.'
    case 'BAD_USER_INPUT':
      return first.message || 'Some of the values are not valid.'
    case 'INTERNAL':
      return 'The server had a problem. Please try again in a moment.'
    default:
      return first.message || 'Something went wrong. Please try again.'
  }
}

export function errorCode(error: CombinedError | null | undefined): string | undefined {
  return error?.graphQLErrors?.[0]?.extensions?.code as string | undefined
}

/** The server wrote nothing because the page's copy of the case was stale: refetch, keep the drafts. */
export function isConflict(error: CombinedError | null | undefined): boolean {
  return errorCode(error) === 'CONFLICT'
}

/** The input field a BAD_USER_INPUT error points at, if any. */
export function errorField(error: CombinedError | null | undefined): string | undefined {
  return error?.graphQLErrors?.[0]?.extensions?.field as string | undefined
}

/** A refusal placed at the part of a form it names (path as in the input: `hours[2].end`). */
export interface InputProblem {
  path: string
  message: string
}

/**
 * The part a server BAD_USER_INPUT names: `extensions.field`, else the message's prefix
 * (`conditions.all[1].field: unknown field "subjct"`); a leading `input.` is dropped.
 */
export function inputProblem(message: string, field?: unknown): InputProblem {
  const m = /^([A-Za-z][\w]*(?:\[\d+\])?(?:\.[A-Za-z]\w*(?:\[\d+\])?)*):\s*(.+)$/s.exec(message)
  if (typeof field === 'string' && field) return { path: field.replace(/^input\./, ''), message: m ? m[2]! : message }
  if (m) return { path: m[1]!.replace(/^input\./, ''), message: m[2]! }
  return { path: '', message }
}

/** A failed save as one problem: at the named part for BAD_USER_INPUT, else a sentence for the whole form. */
export function saveProblem(error: CombinedError | null | undefined): InputProblem {
  const first = error?.graphQLErrors?.[0]
  if (errorCode(error) === 'BAD_USER_INPUT' && first) return inputProblem(first.message, first.extensions?.field)
  return { path: '', message: describeError(error) }
}
