// Finds the complete `{...}` objects in text that is no longer valid JSON (cut short, or partly overwritten),
// so recovery can keep every entry that was written out in full.

export interface FoundObject {
  start: number;
  /** Index just past the closing brace. */
  end: number;
  /** The property name this object is the value of, if any. */
  key?: string;
  /** The property name of the object or array that holds it, e.g. `entries` for a watchlist entry. */
  containerKey?: string;
}

interface Open {
  kind: '{' | '[';
  start: number;
  key?: string;
  containerKey?: string;
}

/** One pass, aware of strings and escapes; braces inside strings never count. Unclosed objects are not returned. */
export function scanObjects(text: string): FoundObject[] {
  const found: FoundObject[] = [];
  const stack: Open[] = [];
  let inString = false;
  let escaped = false;
  let stringStart = 0;
  let lastString: string | undefined;
  let pendingKey: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') {
        inString = false;
        lastString = text.slice(stringStart + 1, i);
      }
      continue;
    }
    switch (c) {
      case '"':
        inString = true;
        stringStart = i;
        pendingKey = undefined;
        break;
      case ':':
        pendingKey = lastString;
        break;
      case '{':
      case '[':
        stack.push({ kind: c, start: i, key: pendingKey, containerKey: stack.at(-1)?.key });
        pendingKey = undefined;
        break;
      case '}':
      case ']': {
        const open = stack.pop();
        if (c === '}' && open?.kind === '{') {
          found.push({
            start: open.start,
            end: i + 1,
            ...(open.key !== undefined ? { key: open.key } : {}),
            ...(open.containerKey !== undefined ? { containerKey: open.containerKey } : {}),
          });
        }
        pendingKey = undefined;
        break;
      }
      case ' ':
      case '\t':
      case '\n':
      case '\r':
        break;
      default:
        pendingKey = undefined;
    }
  }
  return found;
}

/** Parses one found object, or undefined when its text is not JSON after all. */
export function parseFound(text: string, found: FoundObject): unknown {
  try {
    return JSON.parse(text.slice(found.start, found.end));
  } catch {
    return undefined;
  }
}

/**
 * Offsets where each element of an array begins: the root array, or (with `key`) the array under that key of
 * the root object. Lets an import name the line of a bad item in a JSON file.
 */
export function arrayItemStarts(text: string, key?: string): number[] {
  const starts: number[] = [];
  let depth = 0;
  let inString = false;
  let escaped = false;
  let stringStart = 0;
  let lastString: string | undefined;
  let pendingKey: string | undefined;
  let arrayDepth = -1;
  let expectItem = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') {
        inString = false;
        lastString = text.slice(stringStart + 1, i);
      }
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') continue;
    if (expectItem && c !== ']') starts.push(i);
    expectItem = false;
    if (c === '"') {
      inString = true;
      stringStart = i;
    } else if (c === ':') pendingKey = lastString;
    else if (c === '{' || c === '[') {
      const wanted = key === undefined ? depth === 0 : depth === 1 && pendingKey === key;
      if (c === '[' && arrayDepth < 0 && wanted) {
        arrayDepth = depth + 1;
        expectItem = true;
      }
      depth++;
    } else if (c === '}' || c === ']') {
      depth--;
      if (arrayDepth >= 0 && depth < arrayDepth) return starts;
    } else if (c === ',' && depth === arrayDepth) expectItem = true;
    if (c !== ':' && c !== '"') pendingKey = undefined;
  }
  return starts;
}
