import { computed, ref } from 'vue'
import { client } from '../graphql/client'
import type { PostFieldsFragment } from '../graphql/generated/graphql'
import { CasePostsQuery } from './operations'
import { describeError } from './errors'
import { toast } from './toast'

/** The posts of a case, oldest first, with "show more" for threads longer than a page. */
export function usePosts(keep: (post: PostFieldsFragment) => boolean = () => true) {
  const loaded = ref<PostFieldsFragment[]>([])
  // Posts that arrived live (or were just sent) while older pages are still unloaded: shown last.
  const recent = ref<PostFieldsFragment[]>([])
  const posts = computed(() => {
    const ids = new Set(loaded.value.map((p) => p.id))
    return [...loaded.value, ...recent.value.filter((p) => !ids.has(p.id))]
  })
  const cursor = ref<string | null>(null)
  const hasMore = ref(false)
  const loadingMore = ref(false)

  function reset(page: { pageInfo: { hasNextPage: boolean; endCursor?: string | null }; edges: { node: PostFieldsFragment }[] }) {
    loaded.value = page.edges.map((e) => e.node).filter(keep)
    recent.value = []
    cursor.value = page.pageInfo.endCursor ?? null
    hasMore.value = page.pageInfo.hasNextPage
  }

  /** A post from a mutation or a live event; ignored when already shown. */
  function add(post: PostFieldsFragment) {
    if (!keep(post) || posts.value.some((p) => p.id === post.id)) return
    if (hasMore.value) recent.value = [...recent.value, post]
    else loaded.value = [...loaded.value, post]
  }

  async function loadMore(caseId: string) {
    if (!hasMore.value || loadingMore.value) return
    loadingMore.value = true
    const r = await client.value.query(CasePostsQuery, { id: caseId, after: cursor.value }, { requestPolicy: 'network-only' }).toPromise()
    loadingMore.value = false
    const page = r.data?.case?.posts
    if (r.error || !page) {
      toast(describeError(r.error), 'error')
      return
    }
    const known = new Set(loaded.value.map((p) => p.id))
    loaded.value = [...loaded.value, ...page.edges.map((e) => e.node).filter((p) => keep(p) && !known.has(p.id))]
    cursor.value = page.pageInfo.endCursor ?? null
    hasMore.value = page.pageInfo.hasNextPage
  }

  return { posts, hasMore, loadingMore, reset, add, loadMore }
}
