/**
 * Orders two server DateTimes. The server sends ISO 8601 in UTC with microseconds (left out
 * when they are zero); a JavaScript Date keeps milliseconds only, and two writes a few
 * microseconds apart must still compare as different.
 */
export function compareInstants(a: string, b: string): number {
  const [msA, microA] = parts(a)
  const [msB, microB] = parts(b)
  return msA - msB || microA - microB
}

function parts(value: string): [number, number] {
  const match = /^([^.]*?)(?:\.(\d+))?(Z|[+-]\d\d:?\d\d)?$/.exec(value)
  if (!match) return [Date.parse(value), 0]
  const [, base, fraction = '', zone = 'Z'] = match
  return [Date.parse(base + zone), Number(fraction.padEnd(6, '0').slice(0, 6))]
}
