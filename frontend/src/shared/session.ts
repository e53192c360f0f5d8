import { ref, computed } from 'vue'
import { client, resetClient, setSocketCloseHandlers, setUnauthenticatedHandler } from '../graphql/client'
import { MeQuery, LoginMutation, LogoutMutation } from './operations'
import { homeFor } from '../router/home'
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
  signInNotice.value = ''
  // A fresh client: the socket reconnects with the new session cookie and no cached data leaks across users.
  resetClient()
  viewer.value = result.data.login.viewer
  loaded = Promise.resolve(viewer.value)
  return { viewer: viewer.value }
}

/** Shown on the sign-in page after the server ended the session (cleared by the next sign-in). */
export const signInNotice = ref('')

// While this tab signs itself out, the server closing its socket (4401) is expected, not news.
let leaving = false

export async function signOut(): Promise<void> {
  leaving = true
  try {
    await client.value.mutation(LogoutMutation, {}).toPromise()
  } finally {
    leaving = false
  }
  viewer.value = null
  loaded = Promise.resolve(null)
  resetClient()
}

/**
 * Runs a mutation that ends this session too (sign out everywhere), then signs out locally
 * without the "you were signed out" notice. Returns the error message if the server refused.
 */
export async function endSessionWith(run: () => Promise<{ error?: unknown }>): Promise<string | null> {
  leaving = true
  let failed: unknown
  try {
    failed = (await run()).error
  } finally {
    leaving = false
  }
  if (failed) return describeError(failed as Error)
  viewer.value = null
  loaded = Promise.resolve(null)
  resetClient()
  return null
}

const sessionEndedHandlers: (() => void)[] = []
/** The router registers here to send the person to the sign-in page. */
export function onSessionEnded(handler: () => void): void {
  sessionEndedHandlers.push(handler)
}

function endLocally(): void {
  viewer.value = null
  loaded = Promise.resolve(null)
  resetClient()
  for (const handler of sessionEndedHandlers) handler()
}

/** The server said the session is gone (expired or revoked cookie). */
export function sessionLost(): void {
  if (!viewer.value) return
  endLocally()
}

/** The server closed the socket 4401: this session, its token or its user has ended. */
export function signedOutElsewhere(): void {
  if (!viewer.value || leaving) return
  signInNotice.value = 'You were signed out.'
  endLocally()
}

const rightsChangedHandlers: ((now: Viewer, before: Viewer) => void)[] = []
/** The router registers here to move the person when their role changes audience. */
export function onRightsChanged(handler: (now: Viewer, before: Viewer) => void): void {
  rightsChangedHandlers.push(handler)
}

let refreshing: Promise<void> | null = null
/**
 * The server closed the socket 4403: the viewer's rights changed. The socket reconnects by
 * itself with the current rights; here the viewer is read again (role, teams, portal access).
 */
export function rightsChanged(): Promise<void> {
  refreshing ??= refreshViewer().finally(() => {
    refreshing = null
  })
  return refreshing
}

async function refreshViewer(): Promise<void> {
  const before = viewer.value
  if (!before || leaving) return
  const result = await client.value.query(MeQuery, {}, { requestPolicy: 'network-only' }).toPromise()
  // Signed out meanwhile (this tab, or the UNAUTHENTICATED handler): nothing left to refresh.
  if (!viewer.value || leaving) return
  // Unreachable server: keep what we have; the socket's next 4403 or reconnect asks again.
  if (result.error && !result.data) return
  const now = result.data?.me ?? null
  if (!now) {
    // A rejected reconnect answers 4403 too; if the session itself is gone, sign out.
    signInNotice.value = 'You were signed out.'
    endLocally()
    return
  }
  viewer.value = now
  loaded = Promise.resolve(now)
  // Another audience: drop every cached answer and the socket of the old rights.
  if (homeFor(now) !== homeFor(before)) resetClient()
  for (const handler of rightsChangedHandlers) handler(now, before)
}

setUnauthenticatedHandler(sessionLost)
setSocketCloseHandlers({ credentialEnded: signedOutElsewhere, rightsChanged: () => void rightsChanged() })
