import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { gql } from '@urql/core'
import { client, reconnects, resetClient, setSocketCloseHandlers, socketState } from './client'

/** A WebSocket the test plays the server side of, driven through the real graphql-ws client. */
class ServerSideSocket extends EventTarget {
  static CONNECTING = 0
  static OPEN = 1
  static CLOSING = 2
  static CLOSED = 3
  static opened: ServerSideSocket[] = []
  readyState = ServerSideSocket.CONNECTING
  binaryType = 'blob'
  sent: { type: string }[] = []
  onopen: ((event: Event) => void) | null = null
  onclose: ((event: { code: number; reason: string; wasClean: boolean }) => void) | null = null
  onerror: ((event: Event) => void) | null = null
  constructor(
    public url: string,
    public protocol: string,
  ) {
    super()
    ServerSideSocket.opened.push(this)
  }
  send(data: string) {
    this.sent.push(JSON.parse(data))
  }
  close(code = 1000, reason = '') {
    this.serverCloses(code, reason)
  }
  // The server's side:
  accept() {
    this.readyState = ServerSideSocket.OPEN
    this.onopen?.(new Event('open'))
  }
  acknowledge() {
    this.dispatchEvent(new MessageEvent('message', { data: JSON.stringify({ type: 'connection_ack' }) }))
  }
  serverCloses(code: number, reason = '') {
    if (this.readyState === ServerSideSocket.CLOSED) return
    this.readyState = ServerSideSocket.CLOSED
    this.onclose?.({ code, reason, wasClean: true })
  }
}

const credentialEnded = vi.fn()
const rightsChanged = vi.fn()
let stop: () => void = () => {}

async function connectedSocket(index: number): Promise<ServerSideSocket> {
  await vi.waitFor(() => expect(ServerSideSocket.opened.length).toBeGreaterThan(index), { timeout: 3000 })
  const socket = ServerSideSocket.opened[index]!
  socket.accept()
  await vi.waitFor(() => expect(socket.sent.map((m) => m.type)).toContain('connection_init'))
  socket.acknowledge()
  await vi.waitFor(() => expect(socketState.value).toBe('connected'))
  return socket
}

describe('socket close codes', () => {
  beforeEach(() => {
    ServerSideSocket.opened = []
    credentialEnded.mockReset()
    rightsChanged.mockReset()
    vi.stubGlobal('WebSocket', ServerSideSocket)
    setSocketCloseHandlers({ credentialEnded, rightsChanged })
    resetClient()
    const live = client.value.subscription(gql`subscription Feed { caseFeed { at } }`, {}).subscribe(() => {})
    stop = live.unsubscribe
  })
  afterEach(() => {
    stop()
    vi.unstubAllGlobals()
    resetClient()
  })

  it('4401 (the credential ended): signs out and does not reconnect', async () => {
    const socket = await connectedSocket(0)
    socket.serverCloses(4401, 'Unauthorized')
    expect(credentialEnded).toHaveBeenCalledTimes(1)
    expect(rightsChanged).not.toHaveBeenCalled()
    expect(socketState.value).toBe('idle')
    // Longer than the first retry wait (300–600 ms): no second socket is opened.
    await new Promise((r) => setTimeout(r, 900))
    expect(ServerSideSocket.opened).toHaveLength(1)
  })

  it('4403 (the rights changed): reloads the viewer, reconnects, and the screens refetch', async () => {
    const socket = await connectedSocket(0)
    const before = reconnects.value
    socket.serverCloses(4403, 'Forbidden')
    expect(rightsChanged).toHaveBeenCalledTimes(1)
    expect(credentialEnded).not.toHaveBeenCalled()
    expect(socketState.value).toBe('reconnecting')
    const again = await connectedSocket(1)
    expect(reconnects.value).toBe(before + 1)
    // The live subscription is sent again on the new socket, with the new rights.
    await vi.waitFor(() => expect(again.sent.map((m) => m.type)).toContain('subscribe'))
  })

  it('a rejected reconnect (4403 before the ack) asks for the rights too', async () => {
    await vi.waitFor(() => expect(ServerSideSocket.opened).toHaveLength(1))
    const socket = ServerSideSocket.opened[0]!
    socket.accept()
    socket.serverCloses(4403, 'Forbidden')
    expect(rightsChanged).toHaveBeenCalledTimes(1)
    // It keeps trying: the session module decides whether the viewer is still signed in.
    await connectedSocket(1)
  })

  it('any other close keeps the reconnect behaviour, without signing out or reloading', async () => {
    const socket = await connectedSocket(0)
    const before = reconnects.value
    socket.serverCloses(1006)
    expect(socketState.value).toBe('reconnecting')
    await connectedSocket(1)
    expect(reconnects.value).toBe(before + 1)
    expect(credentialEnded).not.toHaveBeenCalled()
    expect(rightsChanged).not.toHaveBeenCalled()
  })
})
