import { describe, expect, it } from 'vitest'
import { Client, createRequest, type Exchange, type OperationResult } from '@urql/core'
import { fromArray, pipe, toArray, mergeMap } from 'wonka'
import { gql } from '@urql/core'
import { dedupeSubscriptionsExchange, readCookie, textFramesWebSocket } from './client'

describe('dedupeSubscriptionsExchange', () => {
  it('drops a repeated subscription result (urql repeats the last one on completion)', () => {
    const client = new Client({ url: 'http://test/graphql', exchanges: [] })
    const request = createRequest(gql`subscription S { caseFeed { at } }`, {})
    const op = client.createRequestOperation('subscription', request)
    const payloads = [{ caseFeed: { at: '1' } }, { caseFeed: { at: '2' } }, { caseFeed: { at: '2' } }]
    const forward: Parameters<Exchange>[0]['forward'] = (ops$) =>
      pipe(
        ops$,
        mergeMap((operation) => fromArray(payloads.map((data) => ({ operation, data, stale: false, hasNext: false }) as OperationResult))),
      )
    const out = pipe(fromArray([op]), dedupeSubscriptionsExchange({ forward, client, dispatchDebug: () => {} }), toArray)
    expect(out.map((r) => r.data)).toEqual([{ caseFeed: { at: '1' } }, { caseFeed: { at: '2' } }])
  })

  it('passes query results through untouched', () => {
    const client = new Client({ url: 'http://test/graphql', exchanges: [] })
    const op = client.createRequestOperation('query', createRequest(gql`query Q { me { id } }`, {}))
    const forward: Parameters<Exchange>[0]['forward'] = (ops$) =>
      pipe(ops$, mergeMap((operation) => fromArray([1, 2].map(() => ({ operation, data: { me: null }, stale: false, hasNext: false }) as OperationResult))))
    const out = pipe(fromArray([op]), dedupeSubscriptionsExchange({ forward, client, dispatchDebug: () => {} }), toArray)
    expect(out).toHaveLength(2)
  })
})

describe('readCookie', () => {
  it('reads the CSRF cookie value', () => {
    document.cookie = 'other=1'
    document.cookie = 'casebook_csrf=abc%3D123'
    expect(readCookie('casebook_csrf')).toBe('abc=123')
    expect(readCookie('missing')).toBeNull()
  })
})

describe('textFramesWebSocket', () => {
  class FakeSocket extends EventTarget {
    binaryType = 'blob'
    constructor(
      public url: string,
      public protocols?: string | string[],
    ) {
      super()
    }
  }

  it('hands graphql-ws text for binary and text frames alike', () => {
    const Socket = textFramesWebSocket(FakeSocket as unknown as typeof WebSocket)
    const socket = new Socket('ws://x/graphql', 'graphql-transport-ws')
    expect(socket.binaryType).toBe('arraybuffer')
    const seen: unknown[] = []
    socket.onmessage = ({ data }) => seen.push(data)
    const json = '{"type":"connection_ack"}'
    socket.dispatchEvent(new MessageEvent('message', { data: new TextEncoder().encode(json).buffer }))
    socket.dispatchEvent(new MessageEvent('message', { data: json }))
    expect(seen).toEqual([json, json])
    socket.onmessage = null
    socket.dispatchEvent(new MessageEvent('message', { data: json }))
    expect(seen).toHaveLength(2)
  })
})
