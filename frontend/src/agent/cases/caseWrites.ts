import { ref, type Ref } from 'vue'
import type { CombinedError } from '@urql/core'
import { client } from '../../graphql/client'
import type { CaseDetailFragment, CaseStatus, UpdateCaseInput } from '../../graphql/generated/graphql'
import { AgentCaseDetailQuery, AssignCaseMutation, SetCaseStatusMutation, UpdateCaseMutation } from './operations'
import { describeError, isConflict } from '../../shared/errors'
import { toast } from '../../shared/toast'
import { compareInstants } from '../../shared/instants'

type Answer = { data?: CaseDetailFragment | null; error?: CombinedError }

/** Where the stale write came from: the conflict notice is shown next to it. */
export type ConflictPlace = 'case' | 'reply'

/**
 * The agent case page's writes. Each one says what the page based it on (ifUnchangedSince):
 * the case's updatedAt as the page shows it, or, for a draft the user typed (a subject),
 * as it was when the draft began: a live change arriving meanwhile is not on the screen
 * next to the draft. A stale write answers CONFLICT and writes nothing; the page keeps
 * every draft and asks the user to review (refetch) before saving again.
 */
export function useCaseWrites(kase: Ref<CaseDetailFragment | null>) {
  const saving = ref<string | null>(null)
  const conflict = ref<ConflictPlace | null>(null)
  // updatedAt of the last full read (opening the page, or the review after a conflict): a draft
  // begun before it has been reviewed against that read.
  const reviewedAt = ref('')
  // Re-renders the selects after a failed save so they show the real value again.
  const formKey = ref(0)

  /** Case data from a mutation, a live event or a refetch; an answer older than what is shown is dropped. */
  function applyCase(data: Partial<CaseDetailFragment>): void {
    if (!kase.value) return
    if (data.updatedAt && compareInstants(data.updatedAt, kase.value.updatedAt) < 0) return
    kase.value = { ...kase.value, ...data }
  }

  /** After a write that answers something other than the case (a post, a contact). */
  async function refetchCase(): Promise<void> {
    if (!kase.value) return
    const r = await client.value.query(AgentCaseDetailQuery, { id: kase.value.id }, { requestPolicy: 'network-only' }).toPromise()
    if (r.data?.case) applyCase(r.data.case)
  }

  function since(draftStartedAt?: string | null): string | null {
    if (!kase.value) return null
    if (!draftStartedAt) return kase.value.updatedAt
    return compareInstants(draftStartedAt, reviewedAt.value) < 0 ? reviewedAt.value : draftStartedAt
  }

  /** Reports a failed write; true when it was a conflict (the caller keeps its draft either way). */
  function failed(error: CombinedError | undefined, place: ConflictPlace): boolean {
    if (isConflict(error)) {
      conflict.value = place
      return true
    }
    toast(describeError(error), 'error')
    return false
  }

  async function save(field: string, run: (since: string | null) => Promise<Answer>, draftStartedAt?: string | null): Promise<boolean> {
    if (!kase.value) return false
    saving.value = field
    const { data, error } = await run(since(draftStartedAt))
    saving.value = null
    if (error || !data) {
      failed(error, 'case')
      formKey.value++
      return false
    }
    applyCase(data)
    return true
  }

  const id = () => kase.value!.id

  function updateCase(field: string, input: UpdateCaseInput, draftStartedAt?: string | null): Promise<boolean> {
    return save(field, async (ifUnchangedSince) => {
      const r = await client.value.mutation(UpdateCaseMutation, { id: id(), input, ifUnchangedSince }).toPromise()
      return { data: r.data?.updateCase, error: r.error }
    }, draftStartedAt)
  }

  function setStatus(status: CaseStatus): Promise<boolean> {
    return save('status', async (ifUnchangedSince) => {
      const r = await client.value.mutation(SetCaseStatusMutation, { id: id(), status, ifUnchangedSince }).toPromise()
      return { data: r.data?.setCaseStatus, error: r.error }
    })
  }

  function assign(assigneeId: string | null): Promise<boolean> {
    return save('assignee', async (ifUnchangedSince) => {
      const r = await client.value.mutation(AssignCaseMutation, { id: id(), assigneeId, ifUnchangedSince }).toPromise()
      return { data: r.data?.assignCase, error: r.error }
    })
  }

  return { saving, conflict, reviewedAt, formKey, applyCase, refetchCase, failed, updateCase, setStatus, assign }
}

export type CaseWrites = ReturnType<typeof useCaseWrites>
