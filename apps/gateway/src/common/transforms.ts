/** class-transformer helpers shared by the DTOs (validation runs after them). */
export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** Query strings arrive as text: digits become numbers, anything else is left for the validator to refuse. */
export const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
