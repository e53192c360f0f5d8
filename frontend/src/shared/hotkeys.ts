import { onBeforeUnmount, onMounted } from 'vue'

type Handler = (event: KeyboardEvent) => void

export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null
  if (!el || !el.tagName) return false
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName)
}

/** Single-key shortcuts (e.g. "/", "c") active while the component is mounted; ignored while typing. */
export function useHotkeys(map: Record<string, Handler>): void {
  const onKey = (event: KeyboardEvent) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return
    if (isTyping(event.target)) return
    const handler = map[event.key]
    if (handler) {
      event.preventDefault()
      handler(event)
    }
  }
  onMounted(() => window.addEventListener('keydown', onKey))
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey))
}
