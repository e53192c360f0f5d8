import { onBeforeUnmount, watch, type WatchSource } from 'vue'
import type { AnyVariables, TypedDocumentNode } from '@urql/core'
import { client } from '../graphql/client'

/**
 * Runs a GraphQL subscription while the component is mounted, restarting it when the
 * variables or the client change (after sign-in the client, and its socket, are new).
 */
export function useLive<Data, Vars extends AnyVariables>(
  document: TypedDocumentNode<Data, Vars>,
  variables: WatchSource<Vars | null>,
  onData: (data: Data) => void,
): void {
  let stop: (() => void) | null = null
  const seen = new Set<string>()
  watch(
    [variables, client],
    ([vars, currentClient]) => {
      stop?.()
      stop = null
      if (!vars) return
      const { unsubscribe } = currentClient.subscription(document, vars).subscribe((result) => {
        if (!result.data) return
        // Belt and braces beside the client's dedupe exchange: never apply the same event twice.
        const key = JSON.stringify(result.data)
        if (seen.has(key)) return
        seen.add(key)
        if (seen.size > 500) seen.delete(seen.values().next().value as string)
        onData(result.data)
      })
      stop = unsubscribe
    },
    { immediate: true },
  )
  onBeforeUnmount(() => stop?.())
}
