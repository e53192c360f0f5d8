import { shallowRef, ref } from 'vue'
import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange, type Exchange } from '@urql/core'
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws'
import { filter, pipe } from 'wonka'

/** The readable CSRF cookie the server sets at login; sent back as a header on every POST. */
export function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=')
    if (key === name) return decodeURIComponent(rest.join('='))
  }
  return null
}

export type SocketState = 'idle' | 'connecting' | 'connected' | 'reconnecting'

/** Live state of the WebSocket, shown in the header and used to refetch after a reconnect. */
export const socketState = ref<SocketState>('idle')
/** Bumped every time the socket comes back after being lost: lists refetch what they missed. */
export const reconnects = ref(0)

/**
 * urql repeats the last subscription result when a subscription completes,
 * and a reconnect can replay it too: drop a result whose payload equals the
 * one just delivered for the same operation.
 */
export const dedupeSubscriptionsExchange: Exchange =
  ({ forward }) =>
  (ops$) => {
    const last = new Map<number, string>()
    return pipe(
      forward(ops$),
      filter((result) => {
        if (result.operation.kind !== 'subscription') return true
        const key = result.operation.key
        const body = JSON.stringify(result.data ?? null) + JSON.stringify(result.error?.message ?? null)
        if (last.get(key) === body) return false
        last.set(key, body)
        return true
      }),
    )
  }

/**
 * graphql-transport-ws messages are JSON text, but a server may send them as binary
 * frames (bytes from a fast JSON encoder); graphql-ws in a browser would then see a Blob
 * and drop the connection. This WebSocket hands graphql-ws text either way.
 */
export function textFramesWebSocket(Base: typeof WebSocket = WebSocket): typeof WebSocket {
  const decoder = new TextDecoder()
  class TextFramesWebSocket extends Base {
    #handler: ((this: WebSocket, ev: MessageEvent) => unknown) | null = null
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols)
      this.binaryType = 'arraybuffer'
      super.addEventListener('message', (event: MessageEvent) => {
        if (!this.#handler) return
        const data = typeof event.data === 'string' ? event.data : decoder.decode(event.data as ArrayBuffer)
        this.#handler.call(this, new MessageEvent('message', { data }))
      })
    }
    override get onmessage() {
      return this.#handler
    }
    override set onmessage(handler: ((this: WebSocket, ev: MessageEvent) => unknown) | null) {
      this.#handler = handler
    }
  }
  return TextFramesWebSocket
}

function socketUrl(): string {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:'
  return `${proto}//${location.host}/graphql`
}

let ws: WsClient | null = null

let onUnauthenticated: () => void = () => {}
/** The session module registers what to do when the server says the session has ended. */
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler
}

/**
 * Close codes the server uses when what a socket was opened with stops being true.
 * 4401: the credential ended (signed out here or elsewhere, session or token ended,
 * user deactivated, password changed): reconnecting cannot help.
 * 4403: the viewer's rights changed (role, teams, portal access): reconnecting opens a
 * socket with the current rights, and what is shown must be fetched again.
 */
export const CREDENTIAL_ENDED = 4401
export const RIGHTS_CHANGED = 4403

let onCredentialEnded: () => void = () => {}
let onRightsChanged: () => void = () => {}
/** The session module registers what to do when the server closes the socket 4401 or 4403. */
export function setSocketCloseHandlers(handlers: { credentialEnded: () => void; rightsChanged: () => void }): void {
  onCredentialEnded = handlers.credentialEnded
  onRightsChanged = handlers.rightsChanged
}

function createSocket(): WsClient {
  let everConnected = false
  let lostConnection = false
  // Events of a disposed socket arrive late: only the current socket may change the shown state.
  const isCurrent = () => ws === socket
  const socket: WsClient = createWsClient({
    url: socketUrl(),
    webSocketImpl: textFramesWebSocket(),
    lazy: true,
    // Keep the socket through page changes (one subscription ends, the next starts).
    lazyCloseTimeout: 5_000,
    retryAttempts: Infinity,
    shouldRetry: () => true,
    // Backoff capped at ~5 s so a restarted server is picked up quickly.
    retryWait: async (retries) => {
      await new Promise((r) => setTimeout(r, Math.min(5000, 300 * 2 ** retries) + Math.random() * 300))
    },
    keepAlive: 20_000,
    on: {
      connecting: () => {
        if (isCurrent()) socketState.value = lostConnection ? 'reconnecting' : 'connecting'
      },
      connected: () => {
        if (!isCurrent()) return
        // Events may have been missed while the connection was down: screens refetch.
        if (lostConnection) reconnects.value++
        lostConnection = false
        everConnected = true
        socketState.value = 'connected'
      },
      closed: (event) => {
        if (!isCurrent()) return
        const code = (event as CloseEvent | undefined)?.code
        if (code === CREDENTIAL_ENDED) {
          // graphql-ws treats 4401 as fatal and does not retry; the session module signs out.
          socketState.value = 'idle'
          onCredentialEnded()
          return
        }
        // 1000: the lazy socket closed because no subscription needs it; not an outage.
        const normal = code === 1000
        // 4403 is retried by graphql-ws: the new socket carries the current rights, and
        // counting it as lost makes the screens refetch once it is back.
        if (!normal && (everConnected || code === RIGHTS_CHANGED)) lostConnection = true
        socketState.value = normal ? 'idle' : lostConnection ? 'reconnecting' : 'connecting'
        if (code === RIGHTS_CHANGED) onRightsChanged()
      },
    },
  })
  return socket
}

function buildClient(): Client {
  const previous = ws
  ws = null
  previous?.dispose()
  const socket = createSocket()
  ws = socket
  socketState.value = 'idle'
  return new Client({
    url: '/graphql',
    preferGetMethod: false,
    requestPolicy: 'cache-and-network',
    fetchOptions: (): RequestInit => {
      const csrf = readCookie('casebook_csrf')
      const headers: Record<string, string> = csrf ? { 'X-CSRF-Token': csrf } : {}
      return {
        credentials: 'same-origin',
        headers,
      }
    },
    exchanges: [
      mapExchange({
        onError(error, operation) {
          const expired = error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')
          if (expired && operation.kind !== 'mutation') onUnauthenticated()
        },
      }),
      cacheExchange,
      dedupeSubscriptionsExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query || '' }
          return {
            subscribe(sink) {
              const dispose = socket.subscribe(input, sink)
              return { unsubscribe: dispose }
            },
          }
        },
      }),
    ],
  })
}

/** The one urql client. Replaced after login/logout so the socket and cache start fresh with the new cookie. */
export const client = shallowRef<Client>(buildClient())

export function resetClient(): void {
  client.value = buildClient()
}
