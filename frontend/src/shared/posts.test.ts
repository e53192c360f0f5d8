import { describe, expect, it, vi } from 'vitest'
import type { PostFieldsFragment } from '../graphql/generated/graphql'

const query = vi.fn()
vi.mock('../graphql/client', () => ({ client: { value: { query: (...a: unknown[]) => query(...a) } } }))
const { usePosts } = await import('./posts')

const post = (id: string, visibility: 'PUBLIC' | 'INTERNAL' = 'PUBLIC'): PostFieldsFragment => ({
  id, body: `post ${id}`, visibility, channel: 'PORTAL', createdAt: '', author: { name: 'A', kind: 'AGENT' }, attachments: [],
})
const page = (ids: string[], hasNextPage: boolean, endCursor: string | null = null) => ({
  pageInfo: { hasNextPage, endCursor }, edges: ids.map((id) => ({ node: post(id) })),
})

describe('usePosts', () => {
  it('appends live posts once, and filters what the caller must never show', () => {
    const { posts, reset, add } = usePosts((p) => p.visibility === 'PUBLIC')
    reset(page(['1', '2'], false))
    add(post('3'))
    add(post('3'))
    add(post('4', 'INTERNAL'))
    expect(posts.value.map((p) => p.id)).toEqual(['1', '2', '3'])
  })

  it('keeps live posts last while older pages load', async () => {
    const { posts, reset, add, loadMore, hasMore } = usePosts()
    reset(page(['1', '2'], true, 'c2'))
    add(post('9'))
    expect(posts.value.map((p) => p.id)).toEqual(['1', '2', '9'])
    query.mockReturnValue({ toPromise: () => Promise.resolve({ data: { case: { id: 'x', posts: page(['3', '9'], false) } } }) })
    await loadMore('x')
    expect(query.mock.calls[0][1]).toEqual({ id: 'x', after: 'c2' })
    expect(posts.value.map((p) => p.id)).toEqual(['1', '2', '3', '9'])
    expect(hasMore.value).toBe(false)
  })
})
