/** Joins class names, skipping empty ones: the components' own class first, the caller's after. */
export const cx = (...names: (string | false | null | undefined)[]) => names.filter(Boolean).join(' ');
