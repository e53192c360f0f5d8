import { ref } from 'vue'

export interface Toast {
  id: number
  text: string
  kind: 'info' | 'error' | 'success'
}

export const toasts = ref<Toast[]>([])
let nextId = 1

export function toast(text: string, kind: Toast['kind'] = 'info', ms = 4000): void {
  const id = nextId++
  toasts.value = [...toasts.value, { id, text, kind }]
  setTimeout(() => dismissToast(id), ms)
}

export function dismissToast(id: number): void {
  toasts.value = toasts.value.filter((t) => t.id !== id)
}
