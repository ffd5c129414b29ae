// The module server.ts serves from shared/thai-labels.ts.
export const TYPE_LABELS: Record<string, string>;
export const STATUS_LABELS: Record<string, string>;
export const SEVERITY_LABELS: Record<string, string>;
export const UNIT_KINDS: readonly string[];
export const PROVINCES: readonly string[];
