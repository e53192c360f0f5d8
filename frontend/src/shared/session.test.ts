import { beforeEach, describe, expect, it, vi } from 'vitest'

// The client is replaced by a fake that answers the Me query with `me.next`; the socket's
// close handlers the session registers are captured to be called as the socket would.
const me = { next: null as unknown }
const handlers = { credentialEnded: () => {}, rightsChanged: () => {} }
let logoutStarted: () => void = () => {}
const resetClient = vi.fn()
vi.mock('../graphql/client', () => ({
  client: {
    value: {
      query: () => ({ toPromise: () => Promise.resolve({ data: { me: me.next } }) }),
      mutation: () => ({
        toPromise: () =>
          new Promise((resolve) => {
            logoutStarted = () => resolve({ data: { logout: true } })
          }),
      }),
    },
  },
  resetClient,
  setUnauthenticatedHandler: () => {},
  setSocketCloseHandlers: (h: typeof handlers) => Object.assign(handlers, h),
}))

const session = await import('./session')
const agent = { id: '2', name: 'Alice', email: 'a@x', role: 'AGENT', canCreateCases: true, contact: null } as const
const ended = vi.fn()
const moved = vi.fn()
session.onSessionEnded(ended)
session.onRightsChanged(moved)

describe('session and the socket close codes', () => {
  beforeEach(() => {
    session.viewer.value = { ...agent }
    session.signInNotice.value = ''
    resetClient.mockReset()
    ended.mockReset()
    moved.mockReset()
  })

  it('4401 signs out with a notice for the sign-in page', () => {
    handlers.credentialEnded()
    expect(session.viewer.value).toBeNull()
    expect(session.signInNotice.value).toBe('You were signed out.')
    expect(resetClient).toHaveBeenCalled()
    expect(ended).toHaveBeenCalledTimes(1)
  })

  it('4401 while this tab signs itself out is no news', async () => {
    const out = session.signOut()
    handlers.credentialEnded()
    logoutStarted()
    await out
    expect(session.viewer.value).toBeNull()
    expect(session.signInNotice.value).toBe('')
    expect(ended).not.toHaveBeenCalled()
  })

  it('4403 reloads the viewer; a new audience drops the old client and moves the person', async () => {
    me.next = { ...agent, role: 'CUSTOMER' }
    await session.rightsChanged()
    expect(session.viewer.value?.role).toBe('CUSTOMER')
    expect(resetClient).toHaveBeenCalledTimes(1)
    expect(moved).toHaveBeenCalledWith(expect.objectContaining({ role: 'CUSTOMER' }), expect.objectContaining({ role: 'AGENT' }))
  })

  it('4403 with the same audience keeps the client (the socket reconnects by itself)', async () => {
    me.next = { ...agent, role: 'ADMIN' }
    await session.rightsChanged()
    expect(session.viewer.value?.role).toBe('ADMIN')
    expect(resetClient).not.toHaveBeenCalled()
    expect(moved).toHaveBeenCalledTimes(1)
  })

  it('4403 when the session itself is gone signs out', async () => {
    me.next = null
    await session.rightsChanged()
    expect(session.viewer.value).toBeNull()
    expect(session.signInNotice.value).toBe('You were signed out.')
    expect(ended).toHaveBeenCalledTimes(1)
  })
})
