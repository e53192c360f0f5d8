import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import StatusSelect from './StatusSelect.vue'

describe('StatusSelect', () => {
  it('offers the allowed statuses plus the current one, in workflow order, with labels', () => {
    const wrapper = mount(StatusSelect, { props: { modelValue: 'ASSIGNED', allowed: ['RESOLVED', 'PENDING'] } })
    const options = wrapper.findAll('option').map((o) => [o.attributes('value'), o.text()])
    expect(options).toEqual([
      ['ASSIGNED', 'Assigned'],
      ['PENDING', 'Waiting on customer'],
      ['RESOLVED', 'Resolved'],
    ])
    expect((wrapper.get('select').element as HTMLSelectElement).value).toBe('ASSIGNED')
  })

  it('offers every status when no list is given', () => {
    const wrapper = mount(StatusSelect, { props: { modelValue: 'NEW' } })
    expect(wrapper.findAll('option')).toHaveLength(8)
  })

  it('emits the chosen status, not a re-selection of the current one', async () => {
    const wrapper = mount(StatusSelect, { props: { modelValue: 'NEW', allowed: ['ASSIGNED', 'CLOSED'] } })
    await wrapper.get('select').setValue('CLOSED')
    expect(wrapper.emitted('update:modelValue')).toEqual([['CLOSED']])
    await wrapper.get('select').setValue('NEW')
    expect(wrapper.emitted('update:modelValue')).toHaveLength(1)
  })

  it('shows a placeholder for bulk actions and never emits it', async () => {
    const wrapper = mount(StatusSelect, { props: { modelValue: '', placeholder: 'Set status…' } })
    expect(wrapper.findAll('option')[0].text()).toBe('Set status…')
    await wrapper.get('select').setValue('')
    expect(wrapper.emitted('update:modelValue')).toBeUndefined()
  })
})
