import { ref, computed } from 'vue'
import { client, resetClient, setUnauthenticatedHandler } from '../graphql/client'
import { MeQuery, LoginMutation, LogoutMutation } from './operations'
import type { ViewerFieldsFragment } from '../graphql/generated/graphql'
import { describeError } from './errors'

export type Viewer = ViewerFieldsFragment

export const viewer = ref<Viewer | null>(null)
export const isAgent = computed(() => viewer.value?.role === 'AGENT' || viewer.value?.role === 'ADMIN')
let loaded: Promise<Viewer | null> | null = null

/** Loads the signed-in user once (the router guard awaits it). */
export function loadViewer(force = false): Promise<Viewer | null> {
  if (!loaded || force) {
    loaded = client.value
      .query(MeQuery, {}, { requestPolicy: 'network-only' })
      .toPromise()
      .then((result) => {
        if (result.error && !result.error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) {
          loaded = null // a network failure: try again on the next navigation
        }
        viewer.value = result.data?.me ?? null
        return viewer.value
      })
  }
  return loaded
}

export async function signIn(email: string, password: string): Promise<{ viewer?: Viewer; error?: string }> {
  const result = await client.value.mutation(LoginMutation, { email, password }).toPromise()
  if (result.error || !result.data) {
    const code = result.error?.graphQLErrors?.[0]?.extensions?.code
    if (code === 'UNAUTHENTICATED' || code === 'BAD_USER_INPUT' || code === 'FORBIDDEN') {
      return { error: 'That e-mail and password do not match an account.' }
    }
    return { error: describeError(result.error) }
  }
  // A fresh client: the socket reconnects with the new session cookie and no cached data leaks across users.
  resetClient()
  viewer.value = result.data.login.viewer
  loaded = Promise.resolve(viewer.value)
  return { viewer: viewer.value }
}

export async function signOut(): Promise<void> {
  await client.value.mutation(LogoutMutation, {}).toPromise()
  viewer.value = null
  loaded = Promise.resolve(null)
  resetClient()
}

const sessionEndedHandlers: (() => void)[] = []
/** The router registers here to send the person to the sign-in page. */
export function onSessionEnded(handler: () => void): void {
  sessionEndedHandlers.push(handler)
}

/** The server said the session is gone (expired or revoked cookie). */
export function sessionLost(): void {
  if (!viewer.value) return
  viewer.value = null
  loaded = Promise.resolve(null)
  resetClient()
  for (const handler of sessionEndedHandlers) handler()
}
setUnauthenticatedHandler(sessionLost)
