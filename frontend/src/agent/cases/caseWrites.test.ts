import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ref } from 'vue'
import { CombinedError } from '@urql/core'
import { GraphQLError } from 'graphql'
import type { CaseDetailFragment } from '../../graphql/generated/graphql'

// The client is a fake that records each mutation's variables and answers with `answer.next`.
const sent: Record<string, unknown>[] = []
const answer = { next: {} as { data?: unknown; error?: CombinedError } }
vi.mock('../../graphql/client', () => ({
  client: {
    value: {
      mutation: (_doc: unknown, variables: Record<string, unknown>) => {
        sent.push(variables)
        return { toPromise: () => Promise.resolve(answer.next) }
      },
    },
  },
}))

const { useCaseWrites } = await import('./caseWrites')
const { toasts } = await import('../../shared/toast')
const { CONFLICT_MESSAGE, describeError } = await import('../../shared/errors')

const OPENED = '2025-03-01T10:00:00.000100Z'
const shown = { id: '7', number: 10007, subject: 'Printer', status: 'NEW', updatedAt: OPENED } as unknown as CaseDetailFragment
const conflict = () =>
  new CombinedError({ graphQLErrors: [new GraphQLError('Case 10007 changed', { extensions: { code: 'CONFLICT' } })] })

describe('useCaseWrites', () => {
  beforeEach(() => {
    sent.length = 0
    toasts.value = []
  })

  it('a stale write keeps the page as it was and asks for a review, without a toast', async () => {
    const kase = ref<CaseDetailFragment | null>({ ...shown })
    const writes = useCaseWrites(kase)
    writes.reviewedAt.value = OPENED
    answer.next = { error: conflict() }
    expect(await writes.setStatus('PENDING')).toBe(false)
    expect(sent[0]).toEqual({ id: '7', status: 'PENDING', ifUnchangedSince: OPENED })
    expect(writes.conflict.value).toBe('case')
    expect(writes.formKey.value).toBe(1)
    expect(kase.value?.status).toBe('NEW')
    expect(toasts.value).toEqual([])
    expect(describeError(conflict())).toBe(CONFLICT_MESSAGE)
  })

  it('other failures are a toast, not a conflict', async () => {
    const writes = useCaseWrites(ref<CaseDetailFragment | null>({ ...shown }))
    answer.next = { error: new CombinedError({ graphQLErrors: [new GraphQLError('no', { extensions: { code: 'FORBIDDEN' } })] }) }
    expect(await writes.assign('3')).toBe(false)
    expect(writes.conflict.value).toBeNull()
    expect(toasts.value.map((t) => t.text)).toEqual(['You are not allowed to do that.'])
  })

  it('a draft is sent on the case as it was when the draft began, until a review', async () => {
    const kase = ref<CaseDetailFragment | null>({ ...shown })
    const writes = useCaseWrites(kase)
    writes.reviewedAt.value = OPENED
    // A live change arrived while the subject was being typed: the draft has not seen it.
    writes.applyCase({ ...shown, status: 'PENDING', updatedAt: '2025-03-01T10:00:05Z' })
    answer.next = { error: conflict() }
    await writes.updateCase('subject', { subject: 'Printer jams' }, OPENED)
    expect(sent[0]?.ifUnchangedSince).toBe(OPENED)
    // The review read the case again: the same draft now goes out on what was reviewed.
    writes.reviewedAt.value = '2025-03-01T10:00:05Z'
    const saved = { ...shown, subject: 'Printer jams', status: 'PENDING', updatedAt: '2025-03-01T10:00:09Z' }
    answer.next = { data: { updateCase: saved } }
    expect(await writes.updateCase('subject', { subject: 'Printer jams' }, OPENED)).toBe(true)
    expect(sent[1]?.ifUnchangedSince).toBe('2025-03-01T10:00:05Z')
    expect(kase.value?.subject).toBe('Printer jams')
    // A one-click change goes out on the case as shown.
    await writes.setStatus('NEW')
    expect(sent[2]?.ifUnchangedSince).toBe('2025-03-01T10:00:09Z')
  })

  it('case data older than what is shown is dropped, to the microsecond', () => {
    const kase = ref<CaseDetailFragment | null>({ ...shown, updatedAt: '2025-03-01T10:00:00.000200Z' })
    const writes = useCaseWrites(kase)
    writes.applyCase({ ...shown, subject: 'late event', updatedAt: '2025-03-01T10:00:00.000100Z' })
    expect(kase.value?.subject).toBe('Printer')
    writes.applyCase({ ...shown, subject: 'newer', updatedAt: '2025-03-01T10:00:00.0003Z' })
    expect(kase.value?.subject).toBe('newer')
    writes.applyCase({ ...shown, subject: 'same write', updatedAt: '2025-03-01T10:00:00.000300Z' })
    expect(kase.value?.subject).toBe('same write')
  })
})
