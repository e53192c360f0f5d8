import { describe, expect, it, vi } from 'vitest'
import { mount } from '@vue/test-utils'
import { ref } from 'vue'
import ReorderList from './components/ReorderList.vue'

const toast = vi.fn()
vi.mock('./toast', () => ({ toast: (...a: unknown[]) => toast(...a) }))
const { moveItem, orderChanged, renumber, useReorder } = await import('./reorder')

const rules = [
  { id: '1', position: 10 },
  { id: '2', position: 20 },
  { id: '3', position: 30 },
]

describe('reorder', () => {
  it('moves an item down, up, and clamps past the ends', () => {
    expect(moveItem(rules, 0, 2).map((r) => r.id)).toEqual(['2', '3', '1'])
    expect(moveItem(rules, 2, 0).map((r) => r.id)).toEqual(['3', '1', '2'])
    expect(moveItem(rules, 0, -1).map((r) => r.id)).toEqual(['1', '2', '3'])
    expect(moveItem(rules, 2, 3).map((r) => r.id)).toEqual(['1', '2', '3'])
    expect(moveItem(rules, 5, 0)).toEqual(rules)
  })

  it('leaves the input alone and tells a real change from a drop in place', () => {
    const moved = moveItem(rules, 1, 0)
    expect(rules.map((r) => r.id)).toEqual(['1', '2', '3'])
    expect(orderChanged(rules, moved)).toBe(true)
    expect(orderChanged(rules, moveItem(rules, 1, 1))).toBe(false)
  })

  it('renumbers as the server will: 10, 20, 30', () => {
    expect(renumber(moveItem(rules, 2, 0))).toEqual([
      { id: '3', position: 10 },
      { id: '1', position: 20 },
      { id: '2', position: 30 },
    ])
  })
})

describe('useReorder and ReorderList', () => {
  const named = () => [
    { id: '1', name: 'First', position: 10 },
    { id: '2', name: 'Second', position: 20 },
  ]

  it('shows the new order at once, keeps what the server answers, and words it', async () => {
    const items = ref(named())
    const send = vi.fn(async (ids: string[]) => ({ saved: ids.map((id, i) => ({ ...named().find((x) => x.id === id)!, position: (i + 1) * 10 })) }))
    const { move, announce } = useReorder(items, send, (name, place, count) => `${name} is ${place} of ${count}.`)
    const w = mount(ReorderList, { props: { items: items.value, label: 'Things', busy: false, rowTestid: 'row', onMove: move }, slots: { default: '<span class="grow">row</span>' } })
    expect(w.get('[aria-label="Move First up"]').attributes('disabled')).toBeDefined()
    await w.get('[aria-label="Move First down"]').trigger('click')
    await vi.waitFor(() => expect(send).toHaveBeenCalledWith(['2', '1']))
    await vi.waitFor(() => expect(announce.value).toBe('First is 2 of 2.'))
    expect(items.value!.map((x) => x.id)).toEqual(['2', '1'])
  })

  it('puts the order back and says why when the server refuses', async () => {
    const items = ref(named())
    const { move } = useReorder(items, async () => ({ error: 'You are not allowed to do that.' }), () => '')
    await move(1, 0)
    expect(items.value!.map((x) => x.id)).toEqual(['1', '2'])
    expect(toast).toHaveBeenCalledWith('You are not allowed to do that.', 'error')
  })

  it('turns a drop on another row into a move', async () => {
    const onMove = vi.fn()
    const w = mount(ReorderList, { props: { items: named(), label: 'Things', busy: false, rowTestid: 'row', onMove } })
    const rows = w.findAll('[data-testid="row"]')
    await rows[0]!.trigger('dragstart')
    await rows[1]!.trigger('dragover')
    await rows[1]!.trigger('drop')
    expect(onMove).toHaveBeenCalledWith(0, 1)
  })
})
