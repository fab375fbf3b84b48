import { DomainError } from '../errors/errors.js';

export interface LabelledLine {
  readonly id: string;
  readonly text: string;
  readonly label: string;
}

/**
 * Parse labelled JSON Lines (`{"id","text","label"}` per line). Blank lines are skipped; any other
 * malformed line is an `invalid_input` error naming the source and line number.
 */
export function parseLabelledJsonl(content: string, source = 'input'): LabelledLine[] {
  const out: LabelledLine[] = [];
  const lines = content.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = (lines[i] as string).replace(/\r$/, '');
    if (raw.trim() === '') continue;
    const where = `${source}:${i + 1}`;
    let obj: unknown;
    try {
      obj = JSON.parse(raw);
    } catch (e) {
      throw new DomainError('invalid_input', `${where}: not valid JSON (${(e as Error).message})`, {
        line: i + 1,
      });
    }
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
      throw new DomainError('invalid_input', `${where}: expected an object {"id","text","label"}`, {
        line: i + 1,
      });
    }
    const { id, text, label } = obj as Record<string, unknown>;
    if (typeof text !== 'string') {
      throw new DomainError('invalid_input', `${where}: "text" must be a string`, { line: i + 1 });
    }
    if (typeof label !== 'string' || label === '') {
      throw new DomainError('invalid_input', `${where}: "label" must be a non-empty string`, { line: i + 1 });
    }
    if (id !== undefined && typeof id !== 'string' && typeof id !== 'number') {
      throw new DomainError('invalid_input', `${where}: "id" must be a string`, { line: i + 1 });
    }
    out.push({ id: id === undefined ? String(i + 1) : String(id), text, label });
  }
  return out;
}
