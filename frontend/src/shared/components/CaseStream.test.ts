import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import CaseStream from './CaseStream.vue'
import type { PostFieldsFragment } from '../../graphql/generated/graphql'

const post = (over: Partial<PostFieldsFragment>): PostFieldsFragment => ({
  id: '1',
  body: 'Hello',
  visibility: 'PUBLIC',
  channel: 'PORTAL',
  createdAt: new Date().toISOString(),
  author: { name: 'Ann Customer', kind: 'CUSTOMER' },
  attachments: [],
  ...over,
})

describe('CaseStream', () => {
  it('marks internal posts clearly: class, label and accessible name', () => {
    const wrapper = mount(CaseStream, {
      props: {
        posts: [
          post({ id: '1', body: 'My printer is on fire' }),
          post({ id: '2', body: 'Check the warranty first', visibility: 'INTERNAL', author: { name: 'Alice Agent', kind: 'AGENT' } }),
        ],
      },
    })
    const items = wrapper.findAll('[data-testid="post"]')
    expect(items).toHaveLength(2)
    expect(items[0].classes()).toContain('post--public')
    expect(items[0].find('[data-testid="internal-label"]').exists()).toBe(false)
    expect(items[1].classes()).toContain('post--internal')
    expect(items[1].get('[data-testid="internal-label"]').text()).toBe('Internal')
    expect(items[1].get('article').attributes('aria-label')).toBe('Internal note from Alice Agent')
    expect(items[0].get('article').attributes('aria-label')).toBe('Message from Ann Customer')
  })

  it('renders bodies as text, never as HTML', () => {
    const wrapper = mount(CaseStream, { props: { posts: [post({ body: '<img src=x onerror=alert(1)>' })] } })
    expect(wrapper.find('img').exists()).toBe(false)
    expect(wrapper.text()).toContain('<img src=x onerror=alert(1)>')
  })

  it('shows the empty text when there are no posts', () => {
    const wrapper = mount(CaseStream, { props: { posts: [], emptyText: 'No answer yet.' } })
    expect(wrapper.text()).toContain('No answer yet.')
  })

  it('names the author role and a non-portal channel', () => {
    const wrapper = mount(CaseStream, {
      props: { posts: [post({ channel: 'EMAIL', author: { name: 'bob@example.com', kind: 'EMAIL' } })] },
    })
    expect(wrapper.text()).toContain('By e-mail')
    expect(wrapper.text()).toContain('via Email')
  })
})
