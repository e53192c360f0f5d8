import { describe, expect, it, vi, afterEach } from 'vitest'
import { defineComponent, h, nextTick } from 'vue'
import { mount } from '@vue/test-utils'
import { TICK_MS, badgeAt, badgeText, clockUsers, formatMinutes, minutesLeft, targetLine, timelineBars, useNow, type SlaTargetView } from './sla'
import { Kind, visit, type DocumentNode } from 'graphql'
import SlaBadge from './SlaBadge.vue'
import SlaCell from './SlaCell.vue'
import SlaPanel from './SlaPanel.vue'
import * as portalOperations from '../../portal/operations'
import * as sharedOperations from '../../shared/operations'
import * as agentCaseOperations from '../cases/operations'

const T0 = Date.parse('2026-03-02T10:00:00Z')
const min = (n: number) => n * 60_000
const iso = (ms: number) => new Date(ms).toISOString()

describe('badgeAt', () => {
  const running = { badge: 'RUNNING' as const, warningAt: iso(T0 + min(45)), nextDueAt: iso(T0 + min(60)) }

  it('moves RUNNING → WARNING → BREACHED as time passes the instants', () => {
    expect(badgeAt(running, T0)).toBe('RUNNING')
    expect(badgeAt(running, T0 + min(45) - 1)).toBe('RUNNING')
    expect(badgeAt(running, T0 + min(45))).toBe('WARNING')
    expect(badgeAt(running, T0 + min(60) - 1)).toBe('WARNING')
    expect(badgeAt(running, T0 + min(60))).toBe('BREACHED')
  })

  it('never steps back from what the server said', () => {
    expect(badgeAt({ ...running, badge: 'WARNING' }, T0)).toBe('WARNING')
    expect(badgeAt({ ...running, badge: 'BREACHED' }, T0)).toBe('BREACHED')
  })

  it('leaves PAUSED and MET alone whatever the time', () => {
    expect(badgeAt({ ...running, badge: 'PAUSED' }, T0 + min(600))).toBe('PAUSED')
    expect(badgeAt({ ...running, badge: 'MET' }, T0 + min(600))).toBe('MET')
  })
})

describe('badgeText', () => {
  const sla = { badge: 'RUNNING' as const, warningAt: iso(T0 + min(100)), nextDueAt: iso(T0 + min(135)) }
  it('counts down, then says how long ago it breached', () => {
    expect(badgeText(sla, T0)).toBe('2 h 15 m left')
    expect(badgeText(sla, T0 + min(134) + 30_000)).toBe('< 1 m left')
    expect(badgeText(sla, T0 + min(135) + 10_000)).toBe('Breached just now')
    expect(badgeText(sla, T0 + min(140))).toBe('Breached 5 m ago')
    expect(badgeText({ ...sla, badge: 'PAUSED' }, T0)).toBe('Paused')
    expect(badgeText({ ...sla, badge: 'MET' }, T0)).toBe('Met')
  })
})

describe('formatMinutes', () => {
  it('reads days, hours and minutes', () => {
    expect(formatMinutes(0.4)).toBe('< 1 m')
    expect(formatMinutes(45)).toBe('45 m')
    expect(formatMinutes(60)).toBe('1 h')
    expect(formatMinutes(135)).toBe('2 h 15 m')
    expect(formatMinutes(1440 + 240)).toBe('1 d 4 h')
    expect(formatMinutes(-5)).toBe('5 m')
  })
})

describe('targets and timeline', () => {
  const target: SlaTargetView = {
    kind: 'FIRST_RESPONSE', cycle: 1, targetMinutes: 60, state: 'RUNNING', startedAt: iso(T0), dueAt: iso(T0 + min(60)),
    breachedAt: null, pausedSince: null, metAt: null, businessMinutesLeft: 60, warningsAt: [],
  }
  it('counts a running target down from the read and goes negative past the due', () => {
    expect(minutesLeft(target, T0, T0 + min(20))).toBe(40)
    expect(minutesLeft(target, T0, T0 + min(70))).toBe(-10)
    expect(minutesLeft({ ...target, state: 'PAUSED' }, T0, T0 + min(70))).toBe(60)
    expect(targetLine(target, T0, T0 + min(70))).toContain('breached 10 m ago')
    expect(targetLine({ ...target, state: 'MET', metAt: iso(T0 + min(5)) }, T0, T0 + min(70))).toMatch(/^met /)
  })

  it('sizes the bar parts by duration, an open segment ending now', () => {
    const bars = timelineBars(
      [
        { kind: 'RUNNING', startsAt: iso(T0), endsAt: iso(T0 + min(30)) },
        { kind: 'PAUSED', status: 'PENDING', startsAt: iso(T0 + min(30)), endsAt: null },
      ],
      T0 + min(120),
    )
    expect(bars.map((b) => Math.round(b.width))).toEqual([25, 75])
    expect(bars[1]!.status).toBe('PENDING')
    expect(timelineBars([], T0)).toEqual([])
  })
})

describe('the shared clock', () => {
  afterEach(() => vi.useRealTimers())

  it('is one timer for every badge, stopped with the last one', async () => {
    vi.useFakeTimers()
    vi.setSystemTime(T0)
    const List = defineComponent({
      props: { count: { type: Number, required: true } },
      setup: (props) => () => h('div', Array.from({ length: props.count }, (_, i) => h(SlaBadge, { key: i, sla: { badge: 'RUNNING', nextDueAt: iso(T0 + min(1)) } }))),
    })
    const spy = vi.spyOn(globalThis, 'setInterval')
    const wrapper = mount(List, { props: { count: 50 } })
    expect(spy).toHaveBeenCalledTimes(1)
    expect(clockUsers()).toEqual({ users: 50, running: true })
    const badges = () => wrapper.findAll('[data-testid="sla-badge"]')
    expect(badges()[0]!.text()).toContain('1 m left')
    expect(badges()[0]!.attributes('data-state')).toBe('RUNNING')
    // No reload: the clock passes the due and every row turns breached by itself.
    vi.advanceTimersByTime(TICK_MS * 3)
    await nextTick()
    expect(badges().every((b) => b.attributes('data-state') === 'BREACHED')).toBe(true)
    expect(badges()[0]!.text()).toMatch(/Breached/)
    wrapper.unmount()
    expect(clockUsers()).toEqual({ users: 0, running: false })
    spy.mockRestore()
  })

  it('renders nothing for a case without a clock', () => {
    const wrapper = mount(SlaBadge, { props: { sla: null } })
    expect(wrapper.find('[data-testid="sla-badge"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('reads the same instant in every component', () => {
    let a = 0
    let b = 0
    const Probe = defineComponent({ setup: () => { const now = useNow(); a = now.value; return () => h('i') } })
    const Probe2 = defineComponent({ setup: () => { const now = useNow(); b = now.value; return () => h('i') } })
    const w = mount(defineComponent({ setup: () => () => h('div', [h(Probe), h(Probe2)]) }))
    expect(a).toBe(b)
    w.unmount()
  })
})

describe('the case page panel', () => {
  it('lists each target with its line and draws the timeline', () => {
    const sla = {
      badge: 'RUNNING' as const, nextDueAt: iso(Date.now() + min(50)), warningAt: null,
      policy: { id: '1', name: 'Urgent 24/7' },
      targets: [
        { kind: 'FIRST_RESPONSE' as const, cycle: 1, targetMinutes: 60, state: 'RUNNING' as const, startedAt: iso(Date.now() - min(10)), dueAt: iso(Date.now() + min(50)), breachedAt: null, pausedSince: null, metAt: null, businessMinutesLeft: 50, warningsAt: [] },
        { kind: 'RESOLUTION' as const, cycle: 2, targetMinutes: 480, state: 'PAUSED' as const, startedAt: iso(Date.now() - min(10)), dueAt: null, breachedAt: null, pausedSince: iso(Date.now() - min(5)), metAt: null, businessMinutesLeft: 475, warningsAt: [] },
      ],
      timeline: [
        { kind: 'RUNNING' as const, status: null, startsAt: iso(Date.now() - min(10)), endsAt: iso(Date.now() - min(5)) },
        { kind: 'PAUSED' as const, status: 'PENDING', startsAt: iso(Date.now() - min(5)), endsAt: null },
      ],
    }
    const wrapper = mount(SlaPanel, { props: { sla, readAt: Date.now() } })
    expect(wrapper.get('[data-testid="sla-policy"]').text()).toContain('Urgent 24/7')
    const targets = wrapper.findAll('[data-testid="sla-target"]')
    expect(targets.map((t) => t.attributes('data-kind'))).toEqual(['FIRST_RESPONSE', 'RESOLUTION'])
    expect(targets[0]!.text()).toContain('First response')
    expect(targets[0]!.text()).toMatch(/(49|50) m left/)
    expect(targets[1]!.text()).toContain('cycle 2')
    expect(targets[1]!.text()).toContain('paused since')
    expect(wrapper.findAll('[data-testid="sla-segment"]').map((s) => s.attributes('data-kind'))).toEqual(['RUNNING', 'PAUSED'])
    expect(wrapper.get('[role="img"]').attributes('aria-label')).toBe('SLA timeline: Running, Paused')
    wrapper.unmount()
  })
})

describe('the list cell', () => {
  it('shows the badge, or says in words that there is no SLA', () => {
    const none = mount(SlaCell, { props: { sla: null } })
    expect(none.find('[data-testid="sla-badge"]').exists()).toBe(false)
    expect(none.text()).toContain('No SLA')
    none.unmount()
    const breached = mount(SlaCell, { props: { sla: { badge: 'BREACHED', nextDueAt: iso(Date.now() - min(10)) } } })
    expect(breached.get('[data-testid="sla-badge"]').attributes('data-state')).toBe('BREACHED')
    // The shared clock may have ticked up to a moment before this mount.
    expect(breached.text()).toMatch(/Breached (9|10) m ago/)
    breached.unmount()
  })
})

/** Every field name a document selects, fragments included. */
function selectedFields(doc: DocumentNode): Set<string> {
  const names = new Set<string>()
  visit(doc, { [Kind.FIELD]: (node) => void names.add(node.name.value), [Kind.OBJECT_FIELD]: (node) => void names.add(node.name.value) })
  return names
}
const documents = (module: Record<string, unknown>) =>
  Object.entries(module).filter((entry): entry is [string, DocumentNode] => typeof entry[1] === 'object' && entry[1] !== null && 'definitions' in entry[1])

describe('who asks for the SLA', () => {
  it('the portal never selects sla nor filters by it (a customer gets null anyway)', () => {
    const docs = [...documents(portalOperations), ...documents(sharedOperations)]
    expect(docs.length).toBeGreaterThan(5)
    for (const [name, doc] of docs) {
      const fields = selectedFields(doc)
      expect(fields.has('sla'), name).toBe(false)
      expect(fields.has('slaDue'), name).toBe(false)
    }
  })

  it('the agent list rows, the feed and the case page do', () => {
    const { CasesQuery, AgentCaseFeedSubscription, AgentCaseQuery, AgentCaseEventsSubscription } = agentCaseOperations
    for (const doc of [CasesQuery, AgentCaseFeedSubscription, AgentCaseQuery, AgentCaseEventsSubscription]) {
      const fields = selectedFields(doc)
      expect(fields.has('sla')).toBe(true)
      expect(fields.has('nextDueAt')).toBe(true)
    }
    expect(selectedFields(AgentCaseQuery).has('timeline')).toBe(true)
    expect(selectedFields(CasesQuery).has('timeline')).toBe(false) // the list reads only the badge
  })
})
